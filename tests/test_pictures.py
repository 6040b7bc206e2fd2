"""The pictures of issue 15: the decision boundary, the network, and the terminal's map.

Each test reads a picture back the way a person would read it: where a person
stands on the map, which colour a region is, which number a line carries.
The browser's view of the same files is checked by .ci/check_svgs.py in CI.
"""
import json
import os
import re
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ET

from nn_pure.draw import main as draw_main
from nn_pure.train import main as train_main

from tests.helpers import call_main

SVG = "{http://www.w3.org/2000/svg}"


def svg_root(path):
    return ET.parse(path).getroot()


def region_class_at(root, x, y):
    """The data-class of the region <rect> that holds the pixel (x, y)."""
    for rect in root.iter(SVG + "rect"):
        if rect.get("class") != "region":
            continue
        left, top = float(rect.get("x")), float(rect.get("y"))
        if left <= x < left + float(rect.get("width")) and top <= y < top + float(rect.get("height")):
            return int(rect.get("data-class"))
    raise AssertionError("no region under (%s, %s)" % (x, y))


def named_point(root, name):
    """The centre of the marker of the point called name: a circle, square or polygon."""
    for element in root.iter():
        if element.get("class") == "point" and element.get("data-name") == name:
            if element.get("cx"):
                return float(element.get("cx")), float(element.get("cy"))
            if element.get("points"):
                corners = [[float(v) for v in p.split(",")] for p in element.get("points").split()]
                return (sum(x for x, _ in corners) / len(corners),
                        sum(y for _, y in corners) / len(corners))
            return (float(element.get("x")) + float(element.get("width")) / 2,
                    float(element.get("y")) + float(element.get("height")) / 2)
    raise AssertionError("no point named %s" % name)


class PicturesTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def path(self, name):
        return os.path.join(self.folder, name)


class TestTheDefaultRunsPictures(PicturesTestCase):
    # One default run, every picture: issue 15's "what it must show".
    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.mkdtemp()
        paths = [os.path.join(cls.shared, name) for name in ("b.svg", "n.svg", "m.json")]
        cls.status, cls.out, cls.err = call_main(train_main, [
            "--plot-boundary", paths[0], "--plot-network", paths[1], "--save", paths[2]])
        cls.boundary, cls.network, cls.model = paths

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared)

    def test_the_run_succeeds_and_says_what_it_drew(self):
        self.assertEqual((self.status, self.err), (0, ""))
        self.assertIn("drew the decision boundary in %s" % self.boundary, self.out)
        self.assertIn("drew the network in %s" % self.network, self.out)

    def test_svg_puts_emily_on_the_f_side_and_frank_on_the_m_side(self):
        root = svg_root(self.boundary)
        classes = ["M", "F"]        # the model's class order: label 0 male, 1 female
        self.assertEqual(classes[region_class_at(root, *named_point(root, "Emily"))], "F")
        self.assertEqual(classes[region_class_at(root, *named_point(root, "Frank"))], "M")
        # The four people trained on sit on their own side, in their class's colour.
        for name, side in (("Alice", "F"), ("Bob", "M"), ("Charlie", "M"), ("Diana", "F")):
            with self.subTest(person=name):
                self.assertEqual(classes[region_class_at(root, *named_point(root, name))], side)
        # And the legend names both classes; the title and the axes say what is shown.
        texts = [t.text for t in root.iter(SVG + "text")]
        for label in ("M", "F", "weight - 135 (pounds)", "height - 66 (inches)",
                      "Emily (new)", "Frank (new)", "Alice"):
            self.assertIn(label, texts)
        self.assertIn("F and where M", root.find(SVG + "title").text)

    def test_terminal_map_puts_emily_on_the_f_side_and_frank_on_the_m_side(self):
        lines = self.out.splitlines()
        start = lines.index("where the network says F (:) and where M (.)") + 1
        rows = []
        for line in lines[start:]:
            if "|" not in line:
                break
            rows.append(line.split("|", 1)[1])
        self.assertEqual(len(rows), 14)
        sides = {":": "F", ".": "M"}

        def side_of(letter):
            [(r, c)] = [(r, row.index(letter)) for r, row in enumerate(rows) if letter in row]
            neighbours = [rows[r][c - 1], rows[r][c + 1]]
            self.assertEqual(neighbours[0], neighbours[1], "%s sits on the boundary" % letter)
            return sides[neighbours[0]]
        self.assertEqual(side_of("E"), "F")
        self.assertEqual(side_of("F"), "M")
        self.assertEqual([side_of(letter) for letter in "ABCD"], ["F", "M", "M", "F"])
        self.assertIn("A Alice, B Bob, C Charlie, D Diana: trained on; E Emily, F Frank: new",
                      self.out)

    def test_network_drawing_labels_w1_to_b3_with_their_trained_values(self):
        with open(self.model, encoding="utf-8") as f:
            layers = json.load(f)["layers"]
        (W1, b1), (W2, b2) = [(layer["W"], layer["b"]) for layer in layers]
        named = {"w1": W1[0][0], "w2": W1[1][0], "w3": W1[0][1], "w4": W1[1][1],
                 "w5": W2[0][0], "w6": W2[1][0], "b1": b1[0], "b2": b1[1], "b3": b2[0]}
        root = svg_root(self.network)
        texts = [t.text for t in root.iter(SVG + "text")]
        titles = [t.text for t in root.iter(SVG + "title")]
        for name, value in named.items():
            with self.subTest(parameter=name):
                self.assertIn("%s = %.3f" % (name, value), texts)
                self.assertEqual(len([t for t in titles if t.startswith(name + " = ")]), 1)
        for name in ("x1", "x2", "h1", "h2", "o1", "inputs"):
            self.assertIn(name, texts)

    def test_quiet_and_json_leave_the_map_out(self):
        for flag in ("--quiet", "--json"):
            status, out, _ = call_main(train_main, [flag, "--epochs", "10"])
            self.assertEqual(status, 0)
            self.assertNotIn("where the network says", out)


class TestDrawProgram(PicturesTestCase):
    def test_drawing_of_a_saved_mlp_carries_every_weight_and_bias(self):
        # Issue 15: read every value back from the SVG's text and compare with the file.
        model, picture = self.path("xor.json"), self.path("net.svg")
        status, _, err = call_main(train_main, ["--model", "mlp", "--dataset", "xor", "--hidden",
                                                "5,3", "--epochs", "20", "--quiet", "--save",
                                                model])
        self.assertEqual((status, err), (0, ""))
        status, out, err = call_main(draw_main, [model, "--output", picture])
        self.assertEqual((status, out, err), (0, "", ""))
        with open(model, encoding="utf-8") as f:
            layers = json.load(f)["layers"]
        found = {}
        for title in svg_root(picture).iter(SVG + "title"):
            match = re.match(r"^([Wb]\d+(?:\[\d+\])+) = (\S+)$", title.text)
            if match:
                found[match.group(1)] = float(match.group(2))
        expected = {}
        for n, layer in enumerate(layers, start=1):
            for i, row in enumerate(layer["W"]):
                for j, w in enumerate(row):
                    expected["W%d[%d][%d]" % (n, i, j)] = w
            for j, b in enumerate(layer["b"]):
                expected["b%d[%d]" % (n, j)] = b
        self.assertEqual(len(expected), 2 * 5 + 5 + 5 * 3 + 3 + 3 * 2 + 2)
        self.assertEqual(found, expected)           # every digit, as repr wrote it

    def test_edges_are_coloured_by_sign_and_widened_by_size(self):
        model, picture = self.path("m.json"), self.path("net.svg")
        call_main(train_main, ["--quiet", "--save", model])
        call_main(draw_main, [model, "--output", picture])
        edges = [e for e in svg_root(picture).iter(SVG + "line") if e.get("class") == "edge"]
        self.assertEqual(len(edges), 6)
        values = [float(e.find(SVG + "title").text.rsplit(" = ", 1)[1]) for e in edges]
        for edge, w in zip(edges, values):
            self.assertEqual(edge.get("stroke"), "#2166ac" if w >= 0 else "#b2182b")
        widths = [float(e.get("stroke-width")) for e in edges]
        self.assertEqual(sorted(range(6), key=lambda k: abs(values[k])),
                         sorted(range(6), key=lambda k: widths[k]))

    def test_draw_refuses_bad_input_on_one_line(self):
        model = self.path("m.json")
        call_main(train_main, ["--quiet", "--save", model, "--epochs", "5"])
        for argv, message in (([self.path("none.json")], "does not exist"),
                              ([model, "--output", model], "is also the model file"),
                              ([model, "--output", self.folder], "is a folder")):
            with self.subTest(argv=argv):
                status, out, err = call_main(draw_main, argv)
                self.assertEqual((status, out), (2, ""))
                self.assertIn(message, err)
                self.assertEqual(len(err.splitlines()), 1)

    def test_one_hot_inputs_and_a_regression_output_are_drawn_and_named(self):
        # Review finding 1: a category column makes one input per category, so the
        # table's column names were fewer than the circles (IndexError); regression too.
        data = self.path("d.csv")
        with open(data, "w", encoding="utf-8") as f:
            f.write("island,mass,length\n")
            for k in range(40):
                f.write("%s,%d,%g\n" % (("Biscoe", "Dream", "Torgersen")[k % 3], 30 + k,
                                         0.5 * k + (k % 3)))
        for target, outputs in (("length", ["length"]), ("island", ["Biscoe", "Dream",
                                                                    "Torgersen"])):
            with self.subTest(target=target):
                model, network, drawn = (self.path("m.json"), self.path("n.svg"),
                                         self.path("drawn.svg"))
                status, _, err = call_main(train_main, ["--data", data, "--target", target,
                                                        "--epochs", "2", "--quiet", "--save",
                                                        model, "--plot-network", network])
                self.assertEqual(status, 0, err)
                status, out, err = call_main(draw_main, [model, "--output", drawn])
                self.assertEqual((status, out, err), (0, "", ""))
                for path in (network, drawn):
                    names = [t.text for t in svg_root(path).iter(SVG + "text")
                             if t.get("class") == "name"]
                    if target == "length":
                        inputs = ["island=Biscoe", "island=Dream", "island=Torgersen", "mass"]
                    else:
                        inputs = ["mass", "length"]
                    self.assertEqual(names, inputs + outputs)


class TestBoundaryAnyModel(PicturesTestCase):
    def write_csv(self, header, rows):
        path = self.path("data.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(header + "\n" + "\n".join(rows) + "\n")
        return path

    def test_names_from_the_data_are_escaped(self):
        # Feature and class names from a CSV file are text in the SVG, never markup.
        hostile = ['<script>x</script>', 'a "q" & \'s\'', "x]]>y"]
        rows = []
        for k in range(30):
            label = hostile[k % 2]
            rows.append('%d,%d,"%s"' % (k % 7, (k * 3) % 5, label.replace('"', '""')))
        data = self.write_csv('"<b>weight</b>","h&w",target', rows)
        boundary, network = self.path("b.svg"), self.path("n.svg")
        status, _, err = call_main(train_main, ["--data", data, "--target", "target", "--quiet",
                                                "--epochs", "5", "--plot-boundary", boundary,
                                                "--plot-network", network])
        self.assertEqual(status, 0)
        self.assertNotIn("error", err)      # 5 epochs may not beat the baseline: a fair warning
        for path in (boundary, network):
            with self.subTest(picture=os.path.basename(path)):
                with open(path, encoding="utf-8") as f:
                    self.assertNotIn("<script>", f.read())
                texts = [t.text for t in svg_root(path).iter(SVG + "text")]   # parses as XML
                self.assertIn("<b>weight</b>", texts)
                self.assertIn(hostile[0], texts)
                self.assertIn(hostile[1], texts)

    def test_other_feature_counts_are_refused_before_training(self):
        iris = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "examples", "data", "iris.csv")
        cases = [(["--model", "softmax"], "the toy data has 4"),
                 (["--model", "mlp"], "the toy data has 4"),
                 (["--data", iris, "--target", "species"], "iris.csv has 4 feature columns"),
                 (["--data", self.write_csv("a,b,y", ["%d,%d,%g" % (k, k % 3, k * 0.37)
                                                      for k in range(40)]),
                   "--target", "y"], "is a regression target")]
        for argv, message in cases:
            with self.subTest(argv=argv):
                status, out, err = call_main(train_main, argv + ["--plot-boundary",
                                                                 self.path("b.svg")])
                self.assertEqual((status, out), (2, ""))
                self.assertIn(message, err)
                self.assertEqual(len(err.splitlines()), 1)
                self.assertFalse(os.path.exists(self.path("b.svg")))

    def test_category_columns_are_refused_and_rows_with_blanks_left_out(self):
        # Review finding 2: a category column reached float() after training (ValueError),
        # and a blank cell reached it as None (TypeError).
        rows = []
        for k in range(60):
            blank = k % 10 == 3
            rows.append("%s,%d,%s,%s" % (("Dream", "Biscoe")[k % 2], k % 11,
                                         "" if blank else str(k % 7), "ab"[(k % 11 + k % 7) > 8]))
        data = self.write_csv("island,x,y,c", rows)
        boundary = self.path("b.svg")
        status, out, err = call_main(train_main, ["--data", data, "--target", "c", "--features",
                                                  "island,x", "--plot-boundary", boundary])
        self.assertEqual((status, out), (2, ""))         # refused before any training printed
        self.assertIn("'island' is a category column", err)
        self.assertEqual(len(err.splitlines()), 1)
        self.assertFalse(os.path.exists(boundary))
        status, _, err = call_main(train_main, ["--data", data, "--target", "c", "--features",
                                                "x,y", "--epochs", "3", "--quiet",
                                                "--plot-boundary", boundary])
        self.assertEqual(status, 0, err)
        root = svg_root(boundary)
        title = root.find(SVG + "title").text
        drawn, trained = [int(n) for n in re.search(r"\((\d+) of (\d+) training rows",
                                                     title).groups()]
        self.assertLess(drawn, trained)
        points = [e for e in root.iter() if e.get("class") == "point"]
        self.assertEqual(len(points), drawn)

    def test_xor_boundary_holds_every_training_point_in_its_class_colour(self):
        boundary = self.path("b.svg")
        status, _, _ = call_main(train_main, ["--model", "mlp", "--dataset", "xor", "--quiet",
                                              "--plot-boundary", boundary])
        self.assertEqual(status, 0)
        root = svg_root(boundary)
        points = [e for e in root.iter() if e.get("class") == "point"]
        self.assertEqual(len(points), 40)            # the training split of xor
        keys = [e.get("data-color") for e in root.iter() if e.get("class") == "key"]
        self.assertEqual(keys, ["#1f77b4", "#ff7f0e"])
        for point in points:
            self.assertEqual(point.get("fill"), keys[int(point.get("data-class"))])
        self.assertEqual({int(r.get("data-class")) for r in root.iter(SVG + "rect")
                          if r.get("class") == "region"}, {0, 1})

    def test_outputs_are_guarded_like_every_other(self):
        status, _, err = call_main(train_main, ["--plot-boundary", self.path("x.svg"),
                                                "--plot-network", self.path("x.svg")])
        self.assertEqual(status, 2)
        self.assertIn("--plot-network %s is also --plot-boundary" % self.path("x.svg"), err)
