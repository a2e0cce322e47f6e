// virtcheck-alert: run from cron, it runs the checks, keeps their history and notifies.
#include <curl/curl.h>

#include <iostream>

#include "alert/app.hpp"

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_DEFAULT);  // once, before any thread or handle
    int code = virtcheck::alert::alert_main(argc, argv, std::cout, std::cerr);
    std::cout.flush();
    curl_global_cleanup();
    return code;
}
