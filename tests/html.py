"""Read rendered pages in tests: the text of the elements a test cares about.

A small stand-in for a CSS selector engine: elements are picked by tag and, optionally, by one
class, id or attribute, and their text comes whitespace-normalised, as a reader sees it.
"""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Elements a reader sees apart from their neighbours: their text is kept apart by a space.
BLOCK = {
    "article", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol",
    "option", "p", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []  # Elements and strings

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    @property
    def text(self):
        """The text content, whitespace collapsed."""
        return " ".join("".join(self._strings()).split())

    def _strings(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag in BLOCK:
                yield " "
                yield from child._strings()
                yield " "
            else:
                yield from child._strings()

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def select(self, tag=None, *, class_=None, id=None, **attrs):
        """Descendants matching every condition given (attrs: name=value, "_" for "-")."""
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and (id is None or element.attrs.get("id") == id)
            and all(element.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag=None, **conditions):
        found = self.select(tag, **conditions)
        assert len(found) == 1, f"expected one {tag} {conditions}, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(content):
    """The page as an Element tree; accepts a response, bytes or str."""
    if hasattr(content, "content"):
        content = content.content
    if isinstance(content, bytes):
        content = content.decode()
    builder = _TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def texts(content, tag, **conditions):
    """The text of every matching element, in document order."""
    return [element.text for element in parse(content).select(tag, **conditions)]
