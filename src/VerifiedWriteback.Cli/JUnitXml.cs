using System.Globalization;
using System.Xml.Linq;

namespace VerifiedWriteback.Cli;

/// <summary>The pieces of a junit.xml that sweep and prove reports share: cases, properties, the document.</summary>
public static class JUnitXml
{
    public static XElement Case(string className, string name, double seconds) =>
        new("testcase",
            new XAttribute("classname", className),
            new XAttribute("name", name),
            new XAttribute("time", Seconds(seconds)));

    public static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", value));

    /// <summary>A testsuites document holding one suite named <paramref name="suite"/>.</summary>
    public static string Document(string suite, int tests, int failures, int errors, int skipped, double seconds, XElement properties, IEnumerable<XElement> cases)
    {
        XAttribute[] Counts() =>
        [
            new("tests", tests), new("failures", failures), new("errors", errors), new("skipped", skipped), new("time", Seconds(seconds)),
        ];
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", "vwb"), Counts(),
                new XElement("testsuite", new XAttribute("name", suite), Counts(), properties, cases)));
        return doc.Declaration + "\n" + doc.ToString() + "\n";
    }

    /// <summary>XML 1.0 allows no control characters but tab and newline.</summary>
    public static string Clean(string text) => new(text.Where(c => c >= ' ' || c is '\n' or '\t').ToArray());

    private static string Seconds(double s) => s.ToString("F3", CultureInfo.InvariantCulture);
}
