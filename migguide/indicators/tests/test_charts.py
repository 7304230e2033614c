from django.test import SimpleTestCase

from migguide.indicators import charts
from migguide.indicators.chart_worker import ChartError, render_svg


class ChartRenderingTests(SimpleTestCase):
    def test_a_bad_chart_raises_a_readable_error_and_the_next_one_is_drawn(self):
        with self.assertRaisesMessage(ChartError, "the chart could not be drawn"):
            render_svg('{"mark": "no-such-mark", "data": {"values": []}}')
        svg = charts.svg(charts.bars_over_time([(2020, 1.0), (2021, 2.0)], "persons"))
        self.assertTrue(svg.startswith("<svg"))

    def test_the_policy_cycle_escapes_its_labels(self):
        svg = charts.policy_cycle(["<b>a</b>", "b", "c", "d", "e", "f"])
        self.assertIn("&lt;b&gt;a&lt;/b&gt;", svg)
        self.assertNotIn("<b>", svg)
