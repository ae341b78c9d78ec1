"""Dimensions and entity types are stored as bit masks whose bits follow the declaration order of
the enums: these tests fail if anyone re-sorts, inserts into or removes from either enum."""

from ssehub.atlas.enums import Dimension, EntityType
from ssehub.atlas.models import codes_to_mask, mask_to_codes
from tests.atlas.factories import make_instrument


def test_dimension_codes_keep_their_stored_bit_order():
    assert list(Dimension.values) == [
        "legal_framework",          # bit 0
        "institutional_framework",  # bit 1
        "finance",                  # bit 2
        "fiscal_incentives",        # bit 3
        "market_access",            # bit 4
        "skills_business_support",  # bit 5
        "data_statistics",          # bit 6
        "impact_measurement",       # bit 7
        "awareness_culture",        # bit 8
        "social_innovation",        # bit 9
        "participation_dialogue",   # bit 10
        "decent_work_inclusion",    # bit 11
    ]


def test_entity_type_codes_keep_their_stored_bit_order():
    assert list(EntityType.values) == [
        "cooperative",               # bit 0
        "mutual",                    # bit 1
        "association",               # bit 2
        "foundation",                # bit 3
        "social_enterprise",         # bit 4
        "self_help_group",           # bit 5
        "community_enterprise",      # bit 6
        "microfinance_institution",  # bit 7
        "nonprofit_organization",    # bit 8
    ]


def test_known_masks_decode_to_known_codes():
    # 0b1000_0000_0101 = bits 0, 2 and 11; 0b1_0001_0001 = bits 0, 4 and 8.
    assert mask_to_codes(Dimension, 0b1000_0000_0101) == ["legal_framework", "finance", "decent_work_inclusion"]
    assert mask_to_codes(EntityType, 0b1_0001_0001) == ["cooperative", "social_enterprise", "nonprofit_organization"]
    assert codes_to_mask(Dimension, ["decent_work_inclusion", "finance", "legal_framework"]) == 0b1000_0000_0101
    assert codes_to_mask(EntityType, ["nonprofit_organization", "cooperative", "social_enterprise"]) == 0b1_0001_0001


def test_a_saved_record_stores_the_pinned_bits(db):
    instrument = make_instrument(dimensions=["finance", "market_access"], entity_types=["mutual", "foundation"])
    instrument.refresh_from_db()
    assert (instrument.dimension_mask, instrument.entity_type_mask) == (0b1_0100, 0b1010)
