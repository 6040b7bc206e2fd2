"""The re-told tutorials: reachable from the README in one click, the same in both languages.

docs/tutorial-a.md, docs/tutorial-b.md and their Chinese twins in docs/zh/ are
run as doctests by test_doctests.py.  This file checks what a doctest cannot:
that every README link into them lands on a section that exists, that every
section has such a link in each language, and that the Chinese page runs the
very examples of the English one (comments aside) with the same output.
"""
import ast
import doctest
import os
import re
import unittest

from tests.helpers import ROOT

PAGES = {
    "tutorial-a.md": ["neuron", "network", "loss", "derivatives", "training"],
    "tutorial-b.md": ["data", "linear", "softmax", "cross-entropy", "backward", "minibatch"],
}


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def anchors(text):
    """The section ids a page declares, in order: <a id="..."></a>."""
    return re.findall(r'<a id="([^"]+)"></a>', text)


def examples(text, name):
    """Each doctest example as (its code without comments, its expected output)."""
    parsed = doctest.DocTestParser().get_examples(text, name)
    return [(ast.dump(ast.parse(e.source)), e.want, e.exc_msg) for e in parsed]


class TestTutorialPages(unittest.TestCase):
    def test_each_page_has_the_tutorials_sections_in_order(self):
        # Issue 15: a section per step of each tutorial, in the tutorial's order.
        for page, ids in sorted(PAGES.items()):
            for folder in ("docs", os.path.join("docs", "zh")):
                with self.subTest(page=os.path.join(folder, page)):
                    self.assertEqual(anchors(read(os.path.join(folder, page))), ids)

    def test_readme_links_every_section_in_both_languages(self):
        # Issue 15: "a learner can go from the README to the section of the tutorial they
        # are reading in one click": each section, English and Chinese, has a README link.
        links = set(re.findall(r"\]\((docs/[^)#]+#[^)]+)\)", read("README.md")))
        for page, ids in sorted(PAGES.items()):
            for folder in ("docs/", "docs/zh/"):
                for section in ids:
                    self.assertIn(folder + page + "#" + section, links)

    def test_readme_links_land_on_sections_that_exist(self):
        # A renamed section must not leave the README pointing at nothing.
        found = re.findall(r"\]\((docs/[^)#]+)#([^)]+)\)", read("README.md"))
        self.assertGreaterEqual(len(found), 22)
        for path, section in found:
            with self.subTest(link=path + "#" + section):
                self.assertIn(section, anchors(read(path)))

    def test_chinese_pages_run_the_same_examples_as_the_english(self):
        # Issue 15: docs/zh/ is written fresh, "with the same doctests".
        for page in sorted(PAGES):
            with self.subTest(page=page):
                english = examples(read(os.path.join("docs", page)), page)
                chinese = examples(read(os.path.join("docs", "zh", page)), page)
                self.assertGreater(len(english), 20)
                self.assertEqual(chinese, english)


if __name__ == "__main__":
    unittest.main()
