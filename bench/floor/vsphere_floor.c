/* The floor of a vSphere-mode check: the same HTTP requests, made with libcurl and nothing
 * else. bench/vsphere.sh records what a warm virtcheck run sends (the simulator's /record),
 * and this program sends those bodies again over one kept-alive TLS connection with the
 * same session cookie, reading each answer into memory. It does not parse the answers: the
 * difference to virtcheck is the XML parsing, the model, the evaluation and the output.
 *
 *   vsphere_floor URL CA_FILE COOKIE BODY_FILE...
 *
 * Prints "VSPHERE_FLOOR OK - N requests, B bytes" and exits 0 when every answer is HTTP 200.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buffer {
    char *data;
    size_t size;
};

static size_t on_body(char *data, size_t size, size_t count, void *user) {
    struct buffer *b = user;
    size_t n = size * count;
    char *grown = realloc(b->data, b->size + n + 1);
    if (!grown) return 0;
    memcpy(grown + b->size, data, n);
    b->data = grown;
    b->size += n;
    b->data[b->size] = 0;
    return n;
}

static char *read_file(const char *path, long *length) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *length = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)*length + 1);
    if (text && fread(text, 1, (size_t)*length, f) != (size_t)*length) {
        free(text);
        text = NULL;
    }
    if (text) text[*length] = 0;
    fclose(f);
    return text;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s URL CA_FILE COOKIE BODY_FILE...\n", argv[0]);
        return 3;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    char cookie[4096];
    snprintf(cookie, sizeof cookie, "vmware_soap_session=%s", argv[3]);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Content-Type: text/xml; charset=utf-8");
    headers = curl_slist_append(headers, "SOAPAction: \"urn:vim25/6.0\"");
    curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
    curl_easy_setopt(curl, CURLOPT_CAINFO, argv[2]);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_COOKIE, cookie);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); /* as virtcheck: gzip when offered */
    size_t total = 0;
    int failed = 0;
    for (int i = 4; i < argc; ++i) {
        long length = 0;
        char *body = read_file(argv[i], &length);
        if (!body) {
            printf("VSPHERE_FLOOR UNKNOWN - cannot read %s\n", argv[i]);
            return 3;
        }
        struct buffer answer = {NULL, 0};
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, length);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (rc != CURLE_OK || status != 200) failed = 1;
        total += answer.size;
        free(answer.data);
        free(body);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    printf("VSPHERE_FLOOR %s - %d requests, %zu bytes\n", failed ? "CRITICAL" : "OK", argc - 4, total);
    return failed ? 2 : 0;
}
