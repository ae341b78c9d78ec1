from tests.architecture.import_graph import KERNEL, app_names, find_cycles, import_graph


def test_apps_import_each_other_without_cycles():
    assert find_cycles(import_graph()) == []


def test_kernel_imports_no_app():
    assert import_graph()[KERNEL] == set()


def test_every_app_may_import_the_kernel_and_nothing_imports_the_shell():
    graph = import_graph()
    assert [app for app, targets in graph.items() if "shell" in targets] == []


def test_cycle_detector_finds_a_cycle_added_on_purpose():
    graph = import_graph()
    assert "calls" in graph
    assert "events" in graph["calls"]
    graph["events"] = graph["events"] | {"calls"}
    cycles = find_cycles(graph)
    assert len(cycles) == 1
    assert {"calls", "events"} <= set(cycles[0])


def test_cycle_detector_finds_the_kernel_importing_an_app():
    graph = import_graph()
    graph[KERNEL] = {"accounts"}
    assert ["accounts", "core"] in find_cycles(graph)


def test_graph_covers_every_app():
    assert set(import_graph()) == set(app_names())
    assert {"core", "shell", "accounts", "events", "calls", "agenda", "atlas"} <= set(app_names())
