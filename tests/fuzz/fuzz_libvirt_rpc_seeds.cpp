// fuzz_libvirt_rpc_seeds FIXTURE_DIR CORPUS_DIR: seeds the libvirt RPC fuzz target with the
// replies a real libvirtd gave (tests/fixtures/libvirt-rpc/*.rpc): each reply alone as the
// answer to its procedure, the hypervisor conversation as one collector's answers, and the
// XML descriptions for the XML readers.
#include <dirent.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "collect/libvirt/native/frame.hpp"
#include "libvirt_rpc_calls.hpp"

using namespace virtcheck::libvirt::native;

namespace {

int written = 0;

void seed(const std::string& corpus, std::uint8_t choice, const Bytes& daemon) {
    Bytes input = {choice, 0xff};
    input.insert(input.end(), daemon.begin(), daemon.end());
    std::ofstream(corpus + "/seed-" + std::to_string(written++), std::ios::binary)
        .write(reinterpret_cast<const char*>(input.data()), static_cast<std::streamsize>(input.size()));
}

Bytes renumbered(const Bytes& message, std::uint32_t serial) {
    MessageHeader h = decode_header(Bytes(message.begin() + 4, message.end()));
    h.serial = serial;
    return encode_message(h, Bytes(message.begin() + 28, message.end()));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    std::string fixtures = argv[1], corpus = argv[2];
    const auto& calls = fuzz::calls();
    DIR* dir = opendir(fixtures.c_str());
    if (!dir) return 1;
    while (dirent* entry = readdir(dir)) {
        std::string name = entry->d_name;
        if (!name.ends_with(".rpc")) continue;
        std::ifstream in(fixtures + "/" + name, std::ios::binary);
        Bytes all((std::istreambuf_iterator<char>(in)), {});
        Bytes conversation;  // the replies the native client gets after CONNECT_OPEN
        std::uint32_t serial = 0;
        for (std::size_t at = 0; at + 28 <= all.size();) {
            std::uint32_t length = XdrReader(all.data() + at, 4).u32();
            Bytes message(all.begin() + at, all.begin() + at + length);
            at += length;
            MessageHeader h = decode_header(Bytes(message.begin() + 4, message.end()));
            if (h.type != MessageType::Reply) continue;
            for (std::size_t i = 0; i < calls.size(); ++i)
                if (calls[i].procedure == h.procedure) seed(corpus, static_cast<std::uint8_t>(i), renumbered(message, 0));
            if (h.procedure == 7 || h.procedure == 14 || h.procedure == 43 || h.procedure == 186) {
                Bytes payload(message.begin() + 28, message.end());
                XdrReader text(payload);
                std::string xml = text.string(4194304);
                seed(corpus, 250, Bytes(xml.begin(), xml.end()));
            }
            if (h.procedure != 66 && h.procedure != 1 && h.procedure != 60) {
                Bytes next = renumbered(message, serial++);
                conversation.insert(conversation.end(), next.begin(), next.end());
            }
        }
        for (std::uint8_t collector = 0; collector < 7; ++collector)
            seed(corpus, static_cast<std::uint8_t>(calls.size() + collector), conversation);
    }
    closedir(dir);
    std::printf("%d seeds\n", written);
    return 0;
}
