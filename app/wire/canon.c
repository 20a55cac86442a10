/* canon: validation of the wire vocabulary and the canonical byte form of a signed decision.
 * The canonical form is line-based text so that a person can read what a signature covers and
 * `openssl dgst -verify` can check it; docs/api.md defines it with test vectors. */
#include "wire.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const wire_label actions[] = {
    {"approve", "Setujui", "Approve"}, {"return", "Kembalikan", "Return"},
    {"reject", "Tolak", "Reject"},     {"forward", "Disposisi", "Forward"},
    {"sign", "Tanda tangan", "Sign"},  {"acknowledge", "Terima laporan", "Acknowledge"},
};

static const wire_label instructions[] = {
    {"tanggapan_saran", "Tanggapan dan saran", "Comments and advice"},
    {"proses_lanjut", "Proses lebih lanjut", "Process further"},
    {"koordinasi", "Koordinasi/konfirmasi", "Coordinate/confirm"},
    {"untuk_diketahui", "Untuk diketahui", "For information"},
    {"hadiri_wakili", "Hadiri/wakili", "Attend or delegate"},
    {"siapkan_bahan", "Siapkan bahan/jawaban", "Prepare material/reply"},
    {"tindak_lanjuti", "Tindak lanjuti", "Follow up"},
    {"arsipkan", "Arsipkan", "File it"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const wire_label *wire_actions(size_t *count)
{
    *count = COUNT(actions);
    return actions;
}

const wire_label *wire_instructions(size_t *count)
{
    *count = COUNT(instructions);
    return instructions;
}

static bool label_known(const wire_label *l, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].code, code) == 0)
            return true;
    return false;
}

bool wire_action_valid(const char *code)
{
    return code && label_known(actions, COUNT(actions), code);
}

bool wire_instruction_valid(const char *code)
{
    return code && label_known(instructions, COUNT(instructions), code);
}

bool wire_id_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok || n >= WIRE_ID_MAX)
            return false;
    }
    return n > 0;
}

static bool is_lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool wire_hex64_valid(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!is_lower_hex(s[i]))
            return false;
    return true;
}

bool wire_uuid_valid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_lower_hex(s[i]))
            return false;
    }
    return true;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool wire_time_parse(const char *s, int64_t *unix_s)
{
    if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return false;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 ||
        se > 59)
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int maxd = mdays[mo - 1] + (mo == 2 && leap);
    if (d > maxd)
        return false;
    if (unix_s)
        *unix_s = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

bool wire_time_valid(const char *s)
{
    return wire_time_parse(s, NULL);
}

void wire_time_format(int64_t unix_s, char out[WIRE_TIME_LEN])
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, WIRE_TIME_LEN, "%04u-%02u-%02uT%02u:%02u:%02uZ",
             (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
             (unsigned)tm.tm_sec % 100u);
}

bool wire_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static wire_err fail(char *why, size_t cap, const char *msg)
{
    if (why && cap)
        snprintf(why, cap, "%s", msg);
    return WIRE_ERR_FIELD;
}

/* A note may hold any UTF-8 text except control characters other than LF, CR and TAB. */
static bool note_valid(const char *s)
{
    size_t n = strlen(s);
    if (n > WIRE_NOTE_MAX || !wire_utf8_valid(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F)
            return false;
    }
    return true;
}

wire_err wire_decision_check(const wire_decision *d, char *why, size_t cap)
{
    if (!wire_uuid_valid(d->decision_id))
        return fail(why, cap, "decision_id must be a lower-case UUID");
    if (!wire_id_valid(d->item_id))
        return fail(why, cap, "item_id is not a valid id");
    if (d->item_version < 1)
        return fail(why, cap, "item_version must be >= 1");
    if (!wire_hex64_valid(d->content_sha256))
        return fail(why, cap, "content_sha256 must be 64 lower-case hex digits");
    if (!wire_action_valid(d->action))
        return fail(why, cap, "action is not a known action");
    if (d->n_instructions < 0 || d->n_instructions > WIRE_INSTR_MAX)
        return fail(why, cap, "too many instructions");
    for (int i = 0; i < d->n_instructions; i++)
        if (!wire_instruction_valid(d->instructions[i]))
            return fail(why, cap, "unknown instruction code");
    if (d->n_recipients < 0 || d->n_recipients > WIRE_RECIPIENTS_MAX)
        return fail(why, cap, "at most 5 recipients");
    for (int i = 0; i < d->n_recipients; i++) {
        if (!wire_id_valid(d->recipients[i]))
            return fail(why, cap, "recipient is not a valid id");
        for (int k = 0; k < i; k++)
            if (strcmp(d->recipients[i], d->recipients[k]) == 0)
                return fail(why, cap, "recipient listed twice");
    }
    for (int i = 0; i < d->n_instructions; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(d->instructions[i], d->instructions[k]) == 0)
                return fail(why, cap, "instruction listed twice");
    if (!note_valid(d->note))
        return fail(why, cap, "note must be UTF-8 text of at most 2000 bytes");
    bool forward = strcmp(d->action, "forward") == 0;
    if (forward && (d->n_recipients < 1 || d->n_instructions < 1))
        return fail(why, cap, "forward needs 1 to 5 recipients and at least one instruction");
    if (!forward && (d->n_recipients || d->n_instructions))
        return fail(why, cap, "only forward takes recipients and instructions");
    if ((strcmp(d->action, "return") == 0 || strcmp(d->action, "reject") == 0) && !d->note[0])
        return fail(why, cap, "return and reject need a reason in note");
    if (!wire_id_valid(d->signer) || !wire_id_valid(d->role))
        return fail(why, cap, "signer and role must be valid ids");
    if (d->acting_for[0] && !wire_id_valid(d->acting_for))
        return fail(why, cap, "acting_for must be empty or a valid id");
    if (!wire_time_valid(d->signed_at))
        return fail(why, cap, "signed_at must be YYYY-MM-DDThh:mm:ssZ");
    if (!wire_hex64_valid(d->device_key_id))
        return fail(why, cap, "device_key_id must be 64 lower-case hex digits");
    return WIRE_OK;
}

typedef struct {
    char *p;
    size_t cap, len;
    bool over;
} sink;

static void put(sink *s, const char *text, size_t n)
{
    if (s->over || s->len + n >= s->cap) {
        s->over = true;
        return;
    }
    memcpy(s->p + s->len, text, n);
    s->len += n;
    s->p[s->len] = '\0';
}

static void puts_(sink *s, const char *text)
{
    put(s, text, strlen(text));
}

static void field(sink *s, const char *name, const char *value)
{
    puts_(s, name);
    put(s, ":", 1);
    puts_(s, value);
    put(s, "\n", 1);
}

static void list_field(sink *s, const char *name, const char (*v)[WIRE_CODE_MAX], int n)
{
    puts_(s, name);
    put(s, ":", 1);
    for (int i = 0; i < n; i++) {
        if (i)
            put(s, ",", 1);
        puts_(s, v[i]);
    }
    put(s, "\n", 1);
}

wire_err wire_decision_canonical(const wire_decision *d, char *out, size_t cap, size_t *len)
{
    char why[8];
    if (wire_decision_check(d, why, sizeof why) != WIRE_OK)
        return WIRE_ERR_FIELD;
    sink s = {out, cap, 0, cap == 0};
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)d->item_version);
    puts_(&s, "paraf-decision-v1\n");
    field(&s, "decision_id", d->decision_id);
    field(&s, "item_id", d->item_id);
    field(&s, "item_version", num);
    field(&s, "content_sha256", d->content_sha256);
    field(&s, "action", d->action);
    list_field(&s, "instructions", d->instructions, d->n_instructions);
    puts_(&s, "recipients:");
    for (int i = 0; i < d->n_recipients; i++) {
        if (i)
            put(&s, ",", 1);
        puts_(&s, d->recipients[i]);
    }
    put(&s, "\n", 1);
    puts_(&s, "note:");
    for (const char *c = d->note; *c; c++) {
        switch (*c) {
        case '\\':
            put(&s, "\\\\", 2);
            break;
        case '\n':
            put(&s, "\\n", 2);
            break;
        case '\r':
            put(&s, "\\r", 2);
            break;
        case '\t':
            put(&s, "\\t", 2);
            break;
        default:
            put(&s, c, 1);
        }
    }
    put(&s, "\n", 1);
    field(&s, "signer", d->signer);
    field(&s, "role", d->role);
    field(&s, "acting_for", d->acting_for);
    field(&s, "signed_at", d->signed_at);
    field(&s, "device_key_id", d->device_key_id);
    if (s.over)
        return WIRE_ERR_SPACE;
    *len = s.len;
    return WIRE_OK;
}

wire_err wire_report_check(const wire_report_manifest *m, char *why, size_t why_cap)
{
    const char *bad = NULL;
    if (!wire_uuid_valid(m->report_id))
        bad = "report_id";
    else if (!wire_id_valid(m->assignment_id))
        bad = "assignment_id";
    else if (!wire_time_valid(m->created_at))
        bad = "created_at";
    else if (!wire_hex64_valid(m->device_key_id))
        bad = "device_key_id";
    else if (!wire_hex64_valid(m->answers_sha256))
        bad = "answers";
    else if (m->n_files < 0 || m->n_files > WIRE_REPORT_FILES_MAX)
        bad = "files";
    for (int i = 0; !bad && i < m->n_files; i++) {
        const wire_report_file *f = &m->files[i];
        if (!wire_id_valid(f->name) || f->name[0] == '.')
            bad = "files.name";
        else if (f->size < 1 || f->size > WIRE_FILE_MAX)
            bad = "files.size";
        else if (!wire_hex64_valid(f->sha256))
            bad = "files.sha256";
        else if (strcmp(f->mime, "image/jpeg") != 0 && strcmp(f->mime, "image/png") != 0)
            bad = "files.mime";
        for (int j = 0; !bad && j < i; j++)
            if (strcmp(m->files[j].name, f->name) == 0)
                bad = "files.name (twice)";
    }
    if (bad)
        return fail(why, why_cap, bad);
    return WIRE_OK;
}

wire_err wire_report_canonical(const wire_report_manifest *m, char *out, size_t cap, size_t *len)
{
    char why[8];
    if (wire_report_check(m, why, sizeof why) != WIRE_OK)
        return WIRE_ERR_FIELD;
    sink s = {out, cap, 0, cap == 0};
    char num[24];
    puts_(&s, "paraf-field-report-v2\n");
    field(&s, "report_id", m->report_id);
    field(&s, "assignment_id", m->assignment_id);
    field(&s, "created_at", m->created_at);
    field(&s, "device_key_id", m->device_key_id);
    field(&s, "answers_sha256", m->answers_sha256);
    snprintf(num, sizeof num, "%d", m->n_files);
    field(&s, "files", num);
    for (int i = 0; i < m->n_files; i++) {
        const wire_report_file *f = &m->files[i];
        snprintf(num, sizeof num, "%lld", (long long)f->size);
        puts_(&s, "file:");
        puts_(&s, f->name);
        put(&s, " ", 1);
        puts_(&s, num);
        put(&s, " ", 1);
        puts_(&s, f->sha256);
        put(&s, " ", 1);
        puts_(&s, f->mime);
        put(&s, "\n", 1);
    }
    if (s.over)
        return WIRE_ERR_SPACE;
    *len = s.len;
    return WIRE_OK;
}
