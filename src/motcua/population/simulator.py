"""SimulatedRegistry: a local stand-in for the national population database (MÔ PHỎNG).

Everything is computed, nothing is stored: person ``i`` (0 <= i < size) is drawn from a random
generator seeded with ``(seed, i)``, and the last six digits of their personal ID are
``(i * MULTIPLIER + offset) mod 10**6``, a bijection. A lookup therefore inverts the tail to find
``i`` and regenerates that one person: O(1), deterministic, no database. IDs outside the generated
set answer None. The people are fictitious; the addresses are real wards/communes (after the
2025 reorganisation) with invented house numbers.
"""

from __future__ import annotations

import datetime as dt
import random

from motcua.dossiers.identity import PROVINCE_PREFIXES
from motcua.population.adapters import Person, PopulationRegistry

DEFAULT_SEED = 20250701
DEFAULT_SIZE = 5000
_MOD = 10**6
_MULTIPLIER = 387_853  # coprime with 10**6, so the tail is a bijection of the index
_INVERSE = pow(_MULTIPLIER, -1, _MOD)
_PREFIXES = sorted(PROVINCE_PREFIXES)

FAMILY_NAMES = (
    ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2
    + ["Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
)  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân", "Gia"],
    "female": ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mai", "Kim", "Phương", "Hồng", "Bảo"],
}
GIVEN_NAMES = {
    "male": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Minh",
             "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Huy", "Khoa"],
    "female": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
               "Loan", "Mai", "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Yến", "Vy", "Hiền"],
}  # fmt: skip
LOCALITIES = [
    "Phường Ba Đình, Thành phố Hà Nội",
    "Phường Hoàn Kiếm, Thành phố Hà Nội",
    "Phường Cầu Giấy, Thành phố Hà Nội",
    "Xã Sóc Sơn, Thành phố Hà Nội",
    "Phường Sài Gòn, Thành phố Hồ Chí Minh",
    "Phường Bến Thành, Thành phố Hồ Chí Minh",
    "Phường Hải Châu, Thành phố Đà Nẵng",
    "Phường Thuận Hóa, Thành phố Huế",
    "Phường Hồng Bàng, Thành phố Hải Phòng",
    "Phường Ninh Kiều, Thành phố Cần Thơ",
]


class SimulatedRegistry(PopulationRegistry):
    """MÔ PHỎNG — a deterministic, generated population (``size`` people from ``seed``)."""

    is_simulated = True

    def __init__(self, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE) -> None:
        if not 0 < size <= _MOD:
            raise ValueError("size must be between 1 and 1,000,000")
        self.seed = seed
        self.size = size
        self._offset = random.Random(f"offset:{seed}").randrange(_MOD)

    def person(self, index: int) -> Person:
        """The index-th generated person (0 <= index < size)."""
        if not 0 <= index < self.size:
            raise IndexError(index)
        rng = random.Random(f"{self.seed}:{index}")
        sex = rng.choice(("male", "female"))
        birth_date = dt.date(rng.randint(1945, 2007), 1, 1) + dt.timedelta(days=rng.randrange(365))
        prefix = rng.choice(_PREFIXES)
        century_sex = 2 * ((birth_date.year - 1900) // 100) + (sex == "female")
        tail = (index * _MULTIPLIER + self._offset) % _MOD
        id_number = f"{prefix}{century_sex}{birth_date.year % 100:02d}{tail:06d}"
        name = " ".join(
            (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES[sex]), rng.choice(GIVEN_NAMES[sex]))
        )
        permanent = f"Số {rng.randint(1, 199)}, tổ {rng.randint(1, 30)}, {rng.choice(LOCALITIES)}"
        current = (
            permanent
            if rng.random() < 0.8
            else f"Số {rng.randint(1, 199)}, tổ {rng.randint(1, 30)}, {rng.choice(LOCALITIES)}"
        )
        return Person(id_number, name, birth_date, sex, permanent, current)

    def lookup(self, id_number: str) -> Person | None:
        if len(id_number) != 12 or not id_number.isdigit():
            return None
        index = ((int(id_number[6:]) - self._offset) * _INVERSE) % _MOD
        if index >= self.size:
            return None
        person = self.person(index)
        return person if person.id_number == id_number else None

    def sample_ids(self, n: int) -> list[str]:
        """The IDs of n distinct generated people, always the same ones (for tests and the demo)."""
        indexes = random.Random(f"sample:{self.seed}").sample(range(self.size), max(0, n))
        return [self.person(i).id_number for i in indexes]
