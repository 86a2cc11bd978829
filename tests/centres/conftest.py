from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, loaded_units, people, world  # noqa: F401
