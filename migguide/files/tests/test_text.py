from django.test import SimpleTestCase

from migguide.files.text import sort_key


class SortKeyTests(SimpleTestCase):
    def test_accented_names_sort_among_their_letter(self):
        names = ["Suède", "Burkina Faso", "Sénégal", "Bénin", "Côte d’Ivoire", "Cabo Verde"]
        self.assertEqual(
            sorted(names, key=sort_key),
            ["Bénin", "Burkina Faso", "Cabo Verde", "Côte d’Ivoire", "Sénégal", "Suède"],
        )

    def test_case_does_not_count(self):
        self.assertEqual(sorted(["ministère", "Mali"], key=sort_key), ["Mali", "ministère"])

    def test_arabic_names_sort_by_their_letters_whatever_their_vowel_marks(self):
        """تُونِس (Tunisia, with vowel marks) among the names written without them."""
        names = ["مصر", "تُونِس", "الجزائر"]
        self.assertEqual(sorted(names, key=sort_key), ["الجزائر", "تُونِس", "مصر"])
