using Hpc.NoiseStudies.Reports;

namespace Hpc.NoiseStudies.Tests.Studies;

/// <summary>hermit-noise end to end: a short study in the three kinds of configuration, and the attribution of a forced GC.</summary>
[TestFixture]
internal sealed class StudyTests
{
    [Test]
    public void Study_Short_WritesCsvTableAndPlots()
    {
        string output = Path.Combine(Checkout.TempFolder(), "study");

        (int status, string text) = Checkout.HermitNoise("--samples", "300", "--warmup", "50", "--configs", "c,dotnet-alloc,isle-alloc", "--cpus", "0", "--out", output);

        Assert.That(status, Is.Zero, text);
        var table = CsvReport.Read(output);
        Assert.That(table.Keys, Is.EquivalentTo(new[] { ("c", 0), ("dotnet-alloc", 0), ("isle-alloc", 0) }));
        Assert.That(table.Values.Select(v => v["samples"]), Has.All.EqualTo(300));
        string markdown = File.ReadAllText(Path.Combine(output, MarkdownReport.FileName));
        Assert.That(markdown, Does.Contain("| isle-alloc | 0 | 300 |"));
        foreach (string png in new[] { "timeseries.png", "detours.png", "spectrum.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(output, png));
            Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), png);
        }

        Assert.That(File.ReadAllLines(Path.Combine(output, "raw", "isle-alloc", "round-1", "core-0.csv")), Has.Length.EqualTo(301));
        Assert.That(text, Does.Contain("Per-core figures"));
        // The C floor does not read /proc/interrupts: its irq count is unknown, the probes' is counted.
        Assert.That(markdown, Does.Match(@"\| c \| 0 \| [^\n]* \| — \|\n"));
        Assert.That(markdown, Does.Match(@"\| isle-alloc \| 0 \| [^\n]* \| \d+ \|\n"));
    }

    [Test]
    public void Study_QuietIsle_NativeAotNoGcRegionAndRuntimeThreadsMoved()
    {
        string output = Path.Combine(Checkout.TempFolder(), "quiet");

        (int status, string text) = Checkout.HermitNoise("--samples", "200", "--warmup", "50", "--configs", "isle-alloc", "--cpus", "0", "--out", output);

        Assert.That(status, Is.Zero, text);
        string meta = File.ReadAllText(Path.Combine(output, "raw", "isle-alloc", "round-1", "core-0.meta"));
        Assert.That(meta, Does.Contain("quiet_no_gc_region=True"));
        Assert.That(meta, Does.Contain("gcs=0\n"));
        // No JIT by construction: the rank is a NativeAOT process (hermit-run --aot), not a warmed-up JIT.
        Assert.That(meta, Does.Contain("code=aot\n"));
        Assert.That(meta, Does.Contain("jit_methods=0\n"));
        Assert.That(meta, Does.Match("quiet_moved_threads=[1-9]"));
    }

    [Test]
    public void Attribution_GcForcedMidway_FoundInTheEventsAndExplainsDetourTime()
    {
        string output = Path.Combine(Checkout.TempFolder(), "gc");

        (int status, string text) = Checkout.HermitNoise("--samples", "2000", "--warmup", "100", "--configs", "dotnet", "--cpus", "0", "--force-gc", "--out", output);

        Assert.That(status, Is.Zero, text);
        string events = File.ReadAllText(Path.Combine(output, "raw", "dotnet", "round-1", "events.csv"));
        Assert.That(events, Does.Contain("Induced"));
        var row = CsvReport.Read(output)[("dotnet", 0)];
        Assert.That(row["gcs"], Is.GreaterThanOrEqualTo(1), "the runtime counted the forced GC in the measured phase");
        Assert.That(row["gc_us"], Is.GreaterThan(0), $"no detour was matched to the GC:\n{text}");
    }

    [Test]
    public void Compare_TwoStudies_OneRowEach()
    {
        string first = Path.Combine(Checkout.TempFolder(), "first");
        string second = Path.Combine(Checkout.TempFolder(), "second");
        Assert.That(Checkout.HermitNoise("--samples", "100", "--warmup", "10", "--configs", "c", "--cpus", "0", "--out", first).ExitCode, Is.Zero);
        Assert.That(Checkout.HermitNoise("--samples", "100", "--warmup", "10", "--configs", "c", "--cpus", "0", "--out", second).ExitCode, Is.Zero);

        (int status, string text) = Checkout.HermitNoise("compare", first, second);

        Assert.That(status, Is.Zero, text);
        Assert.That(text, Does.Contain($"A = {first}:").And.Contain($"B = {second}:"));
        Assert.That(text, Does.Match(@"c +│ +0 │ +A │").And.Match(@"c +│ +0 │ +B │"));
    }

    [Test]
    public void Compare_FwqAndFtq_RefusedNamingBothMethods()
    {
        string fwq = Path.Combine(Checkout.TempFolder(), "fwq");
        string ftq = Path.Combine(Checkout.TempFolder(), "ftq");
        Assert.That(Checkout.HermitNoise("--samples", "100", "--warmup", "10", "--configs", "c", "--cpus", "0", "--out", fwq).ExitCode, Is.Zero);
        Assert.That(Checkout.HermitNoise("--method", "ftq", "--samples", "100", "--warmup", "10", "--configs", "c", "--cpus", "0", "--out", ftq).ExitCode, Is.Zero);

        (int status, string text) = Checkout.HermitNoise("compare", fwq, ftq);

        Assert.That(status, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("different methods").And.Contain($"{fwq}: fwq").And.Contain($"{ftq}: ftq"));
        Assert.That(text, Does.Not.Contain("Studies compared"));
    }

    [Test]
    public void Study_UnknownMethod_OneLineListingTheMethods()
    {
        (int status, string text) = Checkout.HermitNoise("--method", "bogus");

        Assert.That(status, Is.EqualTo(2));
        Assert.That(text.Trim(), Is.EqualTo("hermit-noise: unknown method 'bogus' (known: fwq, ftq, selfish, hourglass)"));
    }

    [Test]
    public void Study_UnknownConfiguration_UsageError()
    {
        (int status, string text) = Checkout.HermitNoise("--configs", "c,nope");

        Assert.That(status, Is.EqualTo(2));
        Assert.That(text, Does.Contain("unknown configuration 'nope'"));
    }
}
