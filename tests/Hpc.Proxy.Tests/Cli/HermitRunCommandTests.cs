using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Tests.Cli;

/// <summary>hermit-run's command line: bad values are refused with one bounded line and status 2.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class HermitRunCommandTests
{
    [TestCase("--np must be at most 65536 (the most ranks a job can have), not 70000", "-n", "70000")]
    [TestCase("--np must be at most 65536 (the most ranks a job can have), not 100000", "--np", "100000")]
    [TestCase("--allow: '' names no path (write PATH or PATH:rw)", "--allow", "")]
    [TestCase("--allow: '/nonexistent': no such directory", "--allow", "/nonexistent")]
    [TestCase("--allow: '/tmp:xx' has an unknown mode ':xx' (write PATH:rw for read-write, PATH or PATH:ro for read-only)", "--allow", "/tmp:xx")]
    [TestCase("--allow: '/tmp:RW' has an unknown mode ':RW'", "--allow", "/tmp:RW")]
    [TestCase("--startup-timeout must be a positive number of seconds, not 0", "--startup-timeout", "0")]
    [TestCase("--deadlock-timeout must be 0 (off) or a positive number of seconds, not -1", "--deadlock-timeout", "-1")]
    [TestCase("--deadlock-timeout must be 0 (off) or a positive number of seconds, not NaN", "--deadlock-timeout", "NaN")]
    [TestCase("--window-memory must be a size such as 256M or 2G, at most 1T, not '12X'", "--window-memory", "12X")]
    [TestCase("--window-memory must be a size such as 256M or 2G, at most 1T, not '-1'", "--window-memory", "-1")]
    [TestCase("--window-memory must be a size such as 256M or 2G, at most 1T, not '2T'", "--window-memory", "2T")]
    public void Parse_BadValue_OneLineStatusTwo(string message, params string[] args)
    {
        (HermitRunOptions? options, int exitCode, string error) = Parse([.. args, "job.dll"]);

        Assert.That(options, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"hermit-run: {message}"));
        Assert.That(error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), error);
    }

    [Test]
    public void Parse_HugeValue_LineStaysBounded()
    {
        (_, int exitCode, string error) = Parse(["--allow", "/no/such/" + new string('x', 1_000_000), "job.dll"]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.TrimEnd('\n'), Has.Length.LessThanOrEqualTo(ErrorText.MaxLine).And.Contains("characters)"));
    }

    [Test]
    public void Parse_ExistingRoots_Kept()
    {
        (HermitRunOptions? options, _, _) = Parse(["--allow", "/tmp:rw", "--allow", "/", "--startup-timeout", "7.5", "job.dll"]);

        Assert.That(options!.Allow.Select(r => r.ToString()), Is.EqualTo(new[] { "/tmp:rw", "/" }));
        Assert.That(options.StartupTimeout, Is.EqualTo(TimeSpan.FromSeconds(7.5)));
    }

    [TestCase(null, null)]
    [TestCase("0", 0L)]
    [TestCase("1", 4096L)]
    [TestCase("256M", 256L << 20)]
    [TestCase("2g", 2L << 30)]
    [TestCase("64KiB", 64L << 10)]
    [TestCase("1T", 1L << 40)]
    public void Parse_WindowMemory_BytesRoundedToAPage(string? given, long? bytes)
    {
        (HermitRunOptions? options, _, string error) = Parse(given is null ? ["job.dll"] : ["--window-memory", given, "job.dll"]);

        Assert.That(options?.WindowMemory, Is.EqualTo(bytes), error);
    }

    [TestCase(null, null)]
    [TestCase("2.5", 2.5)]
    [TestCase("0", 0.0)]
    public void Parse_DeadlockTimeout_SecondsOrOff(string? given, double? seconds)
    {
        (HermitRunOptions? options, _, _) = Parse(given is null ? ["job.dll"] : ["--deadlock-timeout", given, "job.dll"]);

        Assert.That(options!.DeadlockTimeout, Is.EqualTo(seconds is double s ? TimeSpan.FromSeconds(s) : null));
    }

    [Test]
    public void Parse_MostRanks_Accepted()
    {
        (HermitRunOptions? options, _, _) = Parse(["-n", "65536", "job.dll"]);

        Assert.That(options!.Np, Is.EqualTo(65536));
    }

    /// <summary>Parses <paramref name="args"/>, capturing standard error.</summary>
    private static (HermitRunOptions? Options, int ExitCode, string Error) Parse(string[] args)
    {
        TextWriter original = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            HermitRunOptions? options = new HermitRunCommand().Parse(args, out int exitCode);
            return (options, exitCode, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
