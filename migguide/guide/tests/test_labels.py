from django.test import SimpleTestCase

from migguide.guide.labels import counted


class CountedTests(SimpleTestCase):
    def test_the_words_under_a_number_agree_with_it(self):
        self.assertEqual(counted("fr", "fact_gaps", 1), "lacune identifiée")
        self.assertEqual(counted("fr", "fact_gaps", 2), "lacunes identifiées")
        self.assertEqual(
            counted("fr", "fact_gaps", 0), "lacune identifiée"
        )  # French: 0 is singular
        self.assertEqual(counted("en", "fact_gaps", 1), "data gap identified")
        self.assertEqual(counted("en", "fact_existing", 3), "existing sources")
