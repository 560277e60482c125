// The unit tests run in the business time zone of the service's default configuration, as
// `formations` does once main.cpp has called use_time_zone.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <iostream>

#include "service/domain/time_zone.hpp"

int main(int argc, char** argv) {
    if (auto error = formations::use_time_zone("Europe/Paris")) {
        std::cerr << error->message << '\n';
        return 1;
    }
    return doctest::Context(argc, argv).run();
}
