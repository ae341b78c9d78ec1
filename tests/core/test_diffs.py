from ssehub.core.diffs import line_diff, snapshot_diff, value_lines


def test_value_lines_reads_text_none_and_json():
    assert value_lines(None) == [""]
    assert value_lines("") == [""]
    assert value_lines("one\ntwo") == ["one", "two"]
    assert value_lines(["協同組合", 3]) == ["[", ' "協同組合",', " 3", "]"]


def test_line_diff_marks_removed_and_added_lines_without_the_file_header():
    lines = line_diff(["a", "b", "c"], ["a", "B", "c"])
    assert [line["kind"] for line in lines] == ["context", "same", "removed", "added", "same"]
    assert [line["text"] for line in lines[2:4]] == ["-b", "+B"]


def test_snapshot_diff_lists_changed_fields_in_the_given_order_with_labels():
    before = {"title": "Old title", "results": "Same", "people": [1]}
    after = {"title": "New title", "results": "Same", "people": [1, 2], "lessons": "Start small"}
    changes = snapshot_diff(before, after, ("lessons", "title", "results", "people"), labels={"title": "Title"})
    assert [change["field"] for change in changes] == ["lessons", "title", "people"]
    assert changes[1]["label"] == "Title"
    assert changes[0]["label"] == "lessons"
    assert {"kind": "added", "text": "+Start small"} in changes[0]["lines"]


def test_snapshot_diff_compares_a_field_with_a_line_maker_by_its_lines():
    def titles(ids):
        return [{1: "Act", 2: "Decree"}[pk] for pk in ids or [] if pk in (1, 2)]

    # 3 is left out by the line maker (say, a record the reader may not see): no change to show.
    assert snapshot_diff({"links": [1]}, {"links": [1, 3]}, ["links"], as_lines={"links": titles}) == []
    changes = snapshot_diff({}, {"links": [2]}, ["links"], as_lines={"links": titles})
    assert [line["text"] for line in changes[0]["lines"] if line["kind"] != "context"] == ["-", "+Decree"]
