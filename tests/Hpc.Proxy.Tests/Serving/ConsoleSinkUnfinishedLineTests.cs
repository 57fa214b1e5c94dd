using System.Text;
using Hpc.Proxy.Serving;

namespace Hpc.Proxy.Tests.Serving;

/// <summary>Unfinished lines of different ranks never run together; ranks' output can go to files instead.</summary>
[TestFixture]
public sealed class ConsoleSinkUnfinishedLineTests
{
    [TestCase(true, "[0] no newline at end\n[1] no newline either\n")]
    [TestCase(false, "no newline at end\nno newline either\n")]
    public void Write_OtherRankAfterAnOpenLine_EndsItFirst(bool tag, string expected)
    {
        (ConsoleSink sink, MemoryStream stdout) = Sink(tag);

        sink.Write(0, false, "no newline at end"u8);
        sink.Flush(); // the proxy fell idle: rank 0's open line went out as it was
        sink.Write(1, false, "no newline either"u8);
        sink.Flush();
        sink.Finish();

        Assert.That(Text(stdout), Is.EqualTo(expected));
    }

    [Test]
    public void Write_SameRankContinues_StaysOneLine()
    {
        (ConsoleSink sink, MemoryStream stdout) = Sink(tag: true);

        sink.Write(0, false, "50%"u8);
        sink.Flush();
        sink.Write(0, false, " 100%\n"u8);
        sink.Flush();

        Assert.That(Text(stdout), Is.EqualTo("[0] 50% 100%\n"));
    }

    [Test]
    public void Write_InterruptedRankContinues_OnATaggedLineOfItsOwn()
    {
        (ConsoleSink sink, MemoryStream stdout) = Sink(tag: true);

        sink.Write(0, false, "a"u8);
        sink.Flush();
        sink.Write(1, false, "b\n"u8);
        sink.Write(0, false, "c\n"u8);
        sink.Flush();

        Assert.That(Text(stdout), Is.EqualTo("[0] a\n[1] b\n[0] c\n"));
    }

    [Test]
    public void EndLines_RankEnded_EndsItsOpenLine()
    {
        (ConsoleSink sink, MemoryStream stdout) = Sink(tag: true);

        sink.Write(0, false, "last words"u8);
        sink.EndLines(0);
        sink.Write(1, false, "next\n"u8);
        sink.Flush();

        Assert.That(Text(stdout), Is.EqualTo("[0] last words\n[1] next\n"));
    }

    [Test]
    public void Write_WithOutputDirectory_EachRankToItsFiles()
    {
        string folder = Path.Combine(Path.GetTempPath(), "hpc-sink-" + Guid.NewGuid().ToString("N")[..8]);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var sink = new ConsoleSink(tag: true, stdout, stderr, new OutputFileNames(folder, null, null));

        sink.Write(0, false, "zero\n"u8);
        sink.Write(1, false, "one, unfinished"u8);
        sink.Write(1, true, "one's error\n"u8);
        sink.Write(-1, false, "isle 0's own\n"u8);
        sink.Finish();

        Assert.That(File.ReadAllText(Path.Combine(folder, "rank.0", "stdout")), Is.EqualTo("zero\n"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "rank.1", "stdout")), Is.EqualTo("one, unfinished"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "rank.1", "stderr")), Is.EqualTo("one's error\n"));
        Assert.That(Text(stdout), Is.EqualTo("[isle 0] isle 0's own\n"));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A sink writing inline to memory; returns its standard output.</summary>
    private static (ConsoleSink Sink, MemoryStream Stdout) Sink(bool tag)
    {
        var stdout = new MemoryStream();
        return (new ConsoleSink(tag, stdout, new MemoryStream()), stdout);
    }

    /// <summary>What a memory stream holds, as UTF-8.</summary>
    private static string Text(MemoryStream stream) => Encoding.UTF8.GetString(stream.ToArray());
}
