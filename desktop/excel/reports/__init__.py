"""Reports to the higher committee (báo cáo gửi cấp ủy cấp trên), as party documents."""
