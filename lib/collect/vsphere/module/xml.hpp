#pragma once
// Response bytes are untrusted: they become this small tree, and nothing else in the module
// reads them. Element names are local names (any namespace prefix, any namespace is
// accepted); unknown elements are simply more children. The tree's text is views into the
// bytes a Document owns (or into its copies of what XML made it rewrite): a Node is valid as
// long as its Document lives.
#include <deque>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/vsphere/module/buffer.hpp"

namespace virtcheck::vsphere::xml {

struct Node {
    std::string_view name;      // local name: "returnval", "propSet"
    std::string_view xsi_type;  // xsi:type without its prefix: "ArrayOfManagedObjectReference", "int"
    std::string_view ref_type;  // the plain "type" attribute (managed object references)
    std::string_view text;      // character data directly inside (for leaves)
    std::span<const Node> children;

    const Node* child(std::string_view local_name) const;  // the first of that name
    std::vector<const Node*> all(std::string_view local_name) const;
    std::string_view child_text(std::string_view local_name) const;  // "" when absent
};

// The bytes of one answer and the tree read from them. Never moved (the tree points into
// it): parse hands it out shared, and whatever keeps a Node keeps its Document too.
class Document {
public:
    explicit Document(Buffer bytes);
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    const Node& root() const { return root_; }

private:
    friend class Reader;
    Buffer bytes_;
    Node root_;
    std::deque<std::string> rewritten_;          // text that references, CR, CDATA or comments changed
    std::pmr::monotonic_buffer_resource nodes_;  // every element's children, side by side
};

inline constexpr std::size_t max_depth = 200;

// Parses a whole document (UTF-8): no DTD (a document with one is refused: no entity
// expansion, no XXE), at most max_depth levels. Nothing when it is not well-formed XML;
// `why` then says what was wrong.
std::shared_ptr<const Document> parse(Buffer bytes, std::string& why);
inline std::shared_ptr<const Document> parse(std::string_view bytes, std::string& why) {
    return parse(Buffer(bytes), why);
}

// Text for an element's content or an attribute value.
std::string escape(std::string_view text);

}  // namespace virtcheck::vsphere::xml
