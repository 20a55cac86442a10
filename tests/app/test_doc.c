/* doc_equal and doc_changed: what a conflict banner says changed between two versions of an item.
 */
#include "doc.h"
#include "doc_json.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static doc *parse(const char *json)
{
    char why[80];
    doc *d = doc_from_json(json, strlen(json), why, sizeof why);
    assert_non_null(d);
    return d;
}

static void test_equal(void **state)
{
    (void)state;
    doc *a = parse("{\"a\":1,\"b\":[1,\"x\",null,true],\"c\":{\"d\":2,\"e\":3}}");
    doc *b = parse("{\"c\":{\"e\":3,\"d\":2},\"b\":[1,\"x\",null,true],\"a\":1}");
    doc *c = parse("{\"a\":1,\"b\":[1,\"x\",null,false],\"c\":{\"d\":2,\"e\":3}}");
    assert_true(doc_equal(doc_root(a), doc_root(b))); /* member order does not matter */
    assert_false(doc_equal(doc_root(a), doc_root(c)));
    assert_false(doc_equal(doc_root(a), NULL));
    assert_true(doc_equal(NULL, NULL));
    doc_free(a);
    doc_free(b);
    doc_free(c);
}

static void test_changed(void **state)
{
    (void)state;
    doc *v1 =
        parse("{\"id\":\"i\",\"version\":1,\"status\":\"pending\",\"title\":\"T\","
              "\"content\":{\"hps\":10,\"pokja\":\"P\",\"bidders\":[{\"n\":\"A\"}],\"x\":1}}");
    doc *v2 = parse("{\"id\":\"i\",\"version\":2,\"status\":\"pending\",\"title\":\"T2\","
                    "\"content\":{\"hps\":9,\"bidders\":[{\"n\":\"A\"}],\"x\":1,\"new\":true}}");
    const char *out[8];
    size_t n = doc_changed(doc_root(v1), doc_root(v2), out, 8);
    /* content first (changed, added, then removed), then the root; version/status never. */
    assert_int_equal(n, 4);
    assert_string_equal(out[0], "hps");
    assert_string_equal(out[1], "new");
    assert_string_equal(out[2], "pokja");
    assert_string_equal(out[3], "title");
    assert_int_equal(doc_changed(doc_root(v1), doc_root(v2), out, 2), 2); /* capped */
    assert_int_equal(doc_changed(doc_root(v1), doc_root(v1), out, 8), 0);
    assert_int_equal(doc_changed(NULL, doc_root(v2), out, 8), 0);
    doc_free(v1);
    doc_free(v2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_equal),
                                       cmocka_unit_test(test_changed)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
