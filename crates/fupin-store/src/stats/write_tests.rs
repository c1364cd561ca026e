//! The statement texts of `write.rs`: placeholders and arrays as the drivers bind them.

use super::*;

#[test]
fn batched_statements_have_one_placeholder_per_value() {
    let sql = upsert(MEMBERS, 2, MEMBER_CONFLICT);
    assert!(sql.starts_with(
        "INSERT INTO stat_members (axis, node, node_level, year, organization_id, \
         activities) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?) ON CONFLICT"
    ));
    let sql = delete_keys("t", &["a", "b"], 2);
    assert_eq!(
        sql,
        "DELETE FROM t WHERE activities <= 0 AND ((a = ? AND b = ?) OR (a = ? AND b = ?))"
    );
    assert_eq!(
        keys_match(&["a", "b"], 2, Placeholder::Numbered),
        "(a = $1 AND b = $2) OR (a = $3 AND b = $4)"
    );
}

#[test]
fn postgres_statements_bind_one_typed_array_per_column() {
    assert!(PG_MEMBER_UPSERT.starts_with(
        "INSERT INTO stat_members (axis, node, node_level, year, organization_id, \
         activities) SELECT * FROM UNNEST($1::text[], $2::text[], $3::int4[], $4::int4[], \
         $5::int8[], $6::int8[]) ON CONFLICT"
    ));
    assert!(PG_CELL_UPSERT.contains("$8::text[], $9::int8[]"));
    assert!(PG_CELL_UPSERT.contains("$23::int8[])"));
    assert_eq!(
        *PG_CELL_DELETE,
        "DELETE FROM stat_cells WHERE (axis, node, node_level, year, field, method, org_type, \
         org_level) IN (SELECT * FROM UNNEST($1::text[], $2::text[], $3::int4[], $4::int4[], \
         $5::text[], $6::text[], $7::text[], $8::text[])) AND activities <= 0"
    );
}
