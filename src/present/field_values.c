/* The names Wireshark gives a field's values (field_values.h, generated
 * from tshark): "TCP" for ip.proto 6, "Set" for a flag of 1. -V shows them
 * and filters take them as literals, so both read this one table. */
#include <strings.h>

#include "present/fields.h"

struct field_value {
    uint16_t field;
    int64_t value;
    const char *name;
};

static const struct field_value table[] = {
#define VALUE(field, value, name) { field, value, name },
#define BOOLEAN(field, yes, no) { field, 1, yes }, { field, 0, no },
#define SAME_VALUES(field, other)
#include "present/field_values.h"
#undef VALUE
#undef BOOLEAN
#undef SAME_VALUES
};
#define TABLE_LEN (sizeof table / sizeof table[0])

/* Fields that read another's rows: { field, other }. */
static const uint16_t same_values[][2] = {
#define VALUE(field, value, name)
#define BOOLEAN(field, yes, no)
#define SAME_VALUES(field, other) { field, other },
#include "present/field_values.h"
#undef VALUE
#undef BOOLEAN
#undef SAME_VALUES
};

/* A field's rows are contiguous: where they start and how many. */
static uint16_t first[FIELD_COUNT], count[FIELD_COUNT];

static void index_table(void)
{
    static bool done;
    if (done)
        return;
    for (uint16_t i = (uint16_t)TABLE_LEN; i-- > 0;)
        first[table[i].field] = i, count[table[i].field]++;
    for (size_t i = 0; i < sizeof same_values / sizeof same_values[0]; i++)
        first[same_values[i][0]] = first[same_values[i][1]], count[same_values[i][0]] = count[same_values[i][1]];
    done = true;
}

bool field_has_value_names(int field)
{
    index_table();
    return field >= 0 && field < FIELD_COUNT && count[field] > 0;
}

const char *field_value_name(int field, int64_t value)
{
    if (!field_has_value_names(field))
        return NULL;
    for (unsigned i = first[field]; i < (unsigned)first[field] + count[field]; i++)
        if (table[i].value == value)
            return table[i].name;
    return NULL;
}

/* As Wireshark reads a filter's literal: the first name equal to it,
 * letter case aside. */
bool field_value_named(int field, const char *name, int64_t *value)
{
    if (!field_has_value_names(field))
        return false;
    for (unsigned i = first[field]; i < (unsigned)first[field] + count[field]; i++)
        if (strcasecmp(table[i].name, name) == 0) {
            *value = table[i].value;
            return true;
        }
    return false;
}
