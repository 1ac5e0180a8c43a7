"""Every table model against Qt's model contract (pytest-qt's modeltester)."""

from desktop.core import deeds
from desktop.ui.deeds.deeds_model import DeedsModel, RatesModel
from desktop.ui.members.people_model import PeopleModel
from desktop.ui.widgets.paged_model import PAGE


def test_people_model_contract(demo_ops, qtmodeltester):
    model = PeopleModel(demo_ops.db)
    qtmodeltester.check(model)
    model.set_search("thi")
    qtmodeltester.check(model)


def test_people_model_loads_lazily(demo_ops, qtbot):
    model = PeopleModel(demo_ops.db)
    assert model.rowCount() == min(model.total, PAGE)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == model.total


def test_deeds_and_rates_model_contract(demo_ops, qtmodeltester):
    first = demo_ops.db.execute("SELECT person_id FROM deeds WHERE person_id IS NOT NULL LIMIT 1").fetchone()[0]
    model = DeedsModel(lambda _id, _values: False)
    model.set_rows(deeds.person_deeds(demo_ops.db, 2026, first))
    qtmodeltester.check(model)
    rates = RatesModel()
    rates.set_rows(deeds.registration_rates(demo_ops.db, 2026))
    qtmodeltester.check(rates)


def test_overview_month_model_contract(demo_ops, qtmodeltester, today):
    from desktop.core import agenda
    from desktop.ui.overview_view import BranchMonthModel

    model = BranchMonthModel()
    model.set_rows(agenda.agenda(demo_ops.db, today.year, today, None).branches)
    assert model.rowCount() > 0
    qtmodeltester.check(model)
