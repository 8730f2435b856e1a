"""Report writers: Allure results, and the HTML report built from them."""
