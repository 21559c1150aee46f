"""The package's public API is small and every exported name exists."""
import workbook


def test_all_names_exist_and_are_public():
    assert workbook.__all__ == sorted(workbook.__all__)
    for name in workbook.__all__:
        assert not name.startswith("_")
        assert getattr(workbook, name) is not None
