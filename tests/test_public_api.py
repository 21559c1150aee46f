"""The package's public API is small and every exported name exists."""
import workbook


def test_all_names_exist_and_are_public():
    assert workbook.__all__ == sorted(workbook.__all__)
    for name in workbook.__all__:
        assert not name.startswith("_")
        assert getattr(workbook, name) is not None


def test_the_old_name_of_the_course_yaml_folder_still_works():
    """Code written before the YAML folder was called `course_data` keeps working."""
    assert workbook.course_root is workbook.course_data
    assert (workbook.course_data() / "course.yaml").is_file()


def test_the_old_grading_module_only_re_exports_scoring():
    """`workbook.grading` is kept for notebooks already in learners' homes; nothing else in it."""
    from workbook import grading, scoring
    from workbook.assess import cells

    for name in grading.__all__:
        assert getattr(grading, name) is getattr(scoring, name, None) or \
            getattr(grading, name) is getattr(cells, name)
