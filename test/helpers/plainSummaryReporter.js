/**
 * A jest reporter that ends the run with one plain line, "tests: N passed, N failed, N skipped", which CI
 * systems read without knowing jest's own summary format.
 */
class PlainSummaryReporter {
    onRunComplete(_contexts, results) {
        const skipped = results.numPendingTests + results.numTodoTests;
        process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
    }
}

module.exports = PlainSummaryReporter;
