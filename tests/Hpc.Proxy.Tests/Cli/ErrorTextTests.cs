using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Tests.Cli;

/// <summary>The one-line, bounded form of hermit-run's refusals.</summary>
[TestFixture]
internal sealed class ErrorTextTests
{
    [Test]
    public void Quote_ShortValue_AsIs() => Assert.That(ErrorText.Quote("/data:rw"), Is.EqualTo("'/data:rw'"));

    [Test]
    public void Quote_LongValue_StartAndLength() =>
        Assert.That(ErrorText.Quote(new string('k', 1000)), Is.EqualTo($"'{new string('k', ErrorText.MaxValue)}… (1000 characters)'"));

    [Test]
    public void Quote_ControlCharacters_Escaped() => Assert.That(ErrorText.Quote("a\nb\0"), Is.EqualTo("'a\\x0ab\\x00'"));

    [Test]
    public void OneLine_LongMessage_CutToMaxLine()
    {
        string line = ErrorText.OneLine("x: " + new string('y', 10_000) + "\nsecond line");

        Assert.That(line, Has.Length.EqualTo(ErrorText.MaxLine).And.EndsWith("…").And.Not.Contain("\n"));
    }
}
