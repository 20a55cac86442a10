/* json_text: text out of the hub's JSON, UTF-8-safe (see json_text.h). */
#include "json_text.h"

#include "wire.h"

#include <string.h>

bool json_text_copy(const char *s, char *out, size_t cap, bool cut)
{
    size_t n = strlen(s);
    bool ellipsis = false;
    if (n >= cap) {
        if (!cut || cap < 8)
            return false;
        n = cap - 4;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        ellipsis = true;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
    }
    if (ellipsis) {
        memcpy(out + n, "\xE2\x80\xA6", 3);
        n += 3;
    }
    out[n] = '\0';
    return true;
}

bool json_text_get(const cJSON *o, const char *key, char *out, size_t cap)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(j) || !j->valuestring || !j->valuestring[0] ||
        !wire_utf8_valid(j->valuestring, strlen(j->valuestring)))
        return false;
    return json_text_copy(j->valuestring, out, cap, true);
}
