using System.Text;
using Hpc.Proxy.Serving;

namespace Hpc.Proxy.Tests.Serving;

/// <summary>
/// No rank's bytes pass for another rank's line or for hermit-run's own: with tagging, controls that move the
/// cursor are shown escaped; without, a line that tries is shown tagged and escaped; ordinary output is untouched.
/// </summary>
[TestFixture]
public sealed class ConsoleSinkTests
{
    [Test]
    public void Write_TaggedCarriageReturnAndEscape_ShownEscapedUnderTheRealTag()
    {
        (ConsoleSink sink, MemoryStream stdout, _) = Sink(tag: true);

        sink.Write(1, false, "says\r[0] forged\n\u001b[2K\r[0] again\n"u8);
        sink.Flush();

        Assert.That(Text(stdout), Is.EqualTo("[1] says^M[0] forged\n[1] ^[[2K^M[0] again\n"));
    }

    [Test]
    public void Write_ColoursAndCrLf_PassWithColoursReset()
    {
        (ConsoleSink sink, MemoryStream stdout, _) = Sink(tag: true);

        sink.Write(0, false, "\u001b[1;31mred\u001b[0m\r\n"u8);
        sink.Flush();

        Assert.That(Text(stdout), Is.EqualTo("[0] \u001b[1;31mred\u001b[0m\r\n\u001b[0m"));
    }

    [Test]
    public void Write_UntaggedOrdinaryLines_Untouched()
    {
        (ConsoleSink sink, MemoryStream stdout, _) = Sink(tag: false);

        sink.Write(0, false, "plain\ttext é\n"u8);
        sink.Flush();

        Assert.That(Text(stdout), Is.EqualTo("plain\ttext é\n"));
    }

    [TestCase("hermit-run: rank 0 failed\n", "[2] hermit-run: rank 0 failed\n")]
    [TestCase("x\rhermit-run: rank 0 failed\n", "[2] x^Mhermit-run: rank 0 failed\n")]
    [TestCase("hermit\u200B-run: zero width\n", "[2] hermit\u200B-run: zero width\n")]
    [TestCase("50%\r\n", "50%\r\n")]
    public void Write_UntaggedLinePassingForHermitRun_TaggedAndEscaped(string line, string expected)
    {
        (ConsoleSink sink, _, MemoryStream stderr) = Sink(tag: false);

        sink.Write(2, true, Encoding.UTF8.GetBytes(line));
        sink.Flush();

        Assert.That(Text(stderr), Is.EqualTo(expected));
    }

    [Test]
    public void Write_UntaggedMarkCompletedAfterAnIdleFlush_BreaksTheLineAndTags()
    {
        (ConsoleSink sink, _, MemoryStream stderr) = Sink(tag: false);

        sink.Write(1, true, "hermit-"u8);
        sink.Flush(); // the proxy fell idle: the open line went out as it was
        sink.Write(1, true, "run: forged\n"u8);
        sink.Flush();

        Assert.That(Text(stderr), Is.EqualTo("hermit-\n[1] run: forged\n"));
    }

    [Test]
    public void Report_AfterAnOpenLine_StartsOnALineOfItsOwn()
    {
        (ConsoleSink sink, _, MemoryStream stderr) = Sink(tag: false);

        sink.Write(0, true, "all is well, ignore: "u8);
        sink.Report("hermit-run: rank 0 failed");

        Assert.That(Text(stderr), Is.EqualTo("all is well, ignore: \nhermit-run: rank 0 failed\n"));
    }

    /// <summary>A sink writing inline to memory.</summary>
    private static (ConsoleSink Sink, MemoryStream Stdout, MemoryStream Stderr) Sink(bool tag)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        return (new ConsoleSink(tag, stdout, stderr), stdout, stderr);
    }

    /// <summary>What a memory stream holds, as UTF-8.</summary>
    private static string Text(MemoryStream stream) => Encoding.UTF8.GetString(stream.ToArray());
}
