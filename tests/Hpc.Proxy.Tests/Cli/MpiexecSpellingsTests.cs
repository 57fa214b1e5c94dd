using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cli;

/// <summary>What hydra and Open MPI users type: mapped onto hermit-run's options, or refused with one line naming the option.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class MpiexecSpellingsTests
{
    [TestCase("-np")]
    [TestCase("-n")]
    [TestCase("--np")]
    public void Parse_RankCountSpellings_SetNp(string spelling)
    {
        HermitRunOptions options = Accepted([spelling, "4", "job.dll"]);

        Assert.That(options.Np, Is.EqualTo(4));
        Assert.That(options.Job, Is.EqualTo("job.dll"));
    }

    [TestCase("-hosts")]
    [TestCase("--hosts")]
    [TestCase("--host")]
    [TestCase("-host")]
    public void Parse_HostsSpellings_SetHosts(string spelling)
    {
        Assert.That(Accepted([spelling, "a,b", "job.dll"]).Hosts, Is.EqualTo("a,b"));
    }

    [TestCase("-hostfile")]
    [TestCase("-f")]
    [TestCase("-machinefile")]
    [TestCase("--machinefile")]
    [TestCase("--hostfile")]
    public void Parse_HostFileSpellings_SetHostFile(string spelling)
    {
        Assert.That(Accepted([spelling, "hosts", "job.dll"]).HostFile, Is.EqualTo(Path.GetFullPath("hosts")));
    }

    [TestCase("-l")]
    [TestCase("-prepend-rank")]
    [TestCase("--tag-output")]
    [TestCase("-tag-output")]
    public void Parse_TagSpellings_SetTagOutput(string spelling)
    {
        Assert.That(Accepted([spelling, "job.dll"]).TagOutput, Is.True);
    }

    [Test]
    public void Parse_GenvEnvAndX_AllBecomeJobEnvironment()
    {
        HermitRunOptions options = Accepted(
            ["-genv", "A", "1", "-env", "B", "two words", "-x", "C=3", "-x", "HOME_LIKE", "job.dll"],
            name => name == "HOME_LIKE" ? "/home/me" : null);

        Assert.That(options.Environment, Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words", ["C"] = "3", ["HOME_LIKE"] = "/home/me" }));
    }

    [Test]
    public void Parse_JobOptionsAfterJob_NeverInterpreted()
    {
        HermitRunOptions options = Accepted(["-np", "2", "job.dll", "-l", "-V", "--bind-to", "socket", "-np", "9"]);

        Assert.That(options.Np, Is.EqualTo(2));
        Assert.That(options.TagOutput, Is.False);
        Assert.That(options.JobArgs, Is.EqualTo(new[] { "-l", "-V", "--bind-to", "socket", "-np", "9" }));
    }

    [TestCase("--bind-to", "core")]
    [TestCase("--bind-to", "none")]
    [TestCase("-ppn", "2")]
    [TestCase("-npernode", "2")]
    [TestCase("-map-by", "core")]
    [TestCase("-report-bindings", "")]
    [TestCase("-bind-to", "core")]
    public void Parse_AcceptedSpellings_FindTheJob(string option, string value)
    {
        Assert.That(Accepted(value.Length == 0 ? [option, "job.dll"] : [option, value, "job.dll"]).Job, Is.EqualTo("job.dll"));
    }

    [TestCase("core", PlacementPolicy.Block)]
    [TestCase("slot", PlacementPolicy.Block)]
    [TestCase("node", PlacementPolicy.RoundRobin)]
    [TestCase("numa", PlacementPolicy.RoundRobin)]
    public void Parse_MapBy_SetsPlacement(string value, PlacementPolicy placement)
    {
        Assert.That(Accepted(["--map-by", value, "job.dll"]).Placement, Is.EqualTo(placement));
    }

    [Test]
    public void Parse_PpnAndReportBindings_Kept()
    {
        HermitRunOptions options = Accepted(["-ppn", "3", "--report-bindings", "job.dll"]);

        Assert.That(options.RanksPerNode, Is.EqualTo(3));
        Assert.That(options.ReportBindings, Is.True);
    }

    [Test]
    public void Parse_MpiexecTimeout_IsTheTimeout()
    {
        Assert.That(Accepted(["job.dll"], name => name == "MPIEXEC_TIMEOUT" ? "30" : null).Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(Accepted(["--timeout", "5", "job.dll"], name => name == "MPIEXEC_TIMEOUT" ? "30" : null).Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Parse_OutputFilename_KeptAbsolute()
    {
        Assert.That(Accepted(["--output-filename", "out", "job.dll"]).Output!.PathOf(3, error: true), Is.EqualTo(Path.GetFullPath("out/rank.3/stderr")));
        HermitRunOptions patterns = Accepted(["-outfile-pattern", "o.%r", "-errfile-pattern", "e.%r.txt", "job.dll"]);
        Assert.That(patterns.Output!.PathOf(12, error: false), Is.EqualTo(Path.GetFullPath("o.12")));
        Assert.That(patterns.Output!.PathOf(12, error: true), Is.EqualTo(Path.GetFullPath("e.12.txt")));
        Assert.That(Accepted(["-outfile-pattern", "o.%r", "job.dll"]).Output!.PathOf(0, error: true), Is.Null);
    }

    [TestCase("hermit-run: unknown option '-wdir' (see hermit-run --help)", "-wdir", "/tmp")]
    [TestCase("hermit-run: unknown option '-v' (see hermit-run --help)", "-v")]
    [TestCase("hermit-run: unknown option '--no-such-option' (see hermit-run --help)", "--no-such-option")]
    [TestCase("hermit-run: --bind-to socket is not supported: every rank is bound to one core of its isle (--bind-to core), or to T cores with --threads T", "--bind-to", "socket")]
    [TestCase("hermit-run: --map-by ppr:2:node is not supported: hermit-run maps core, slot, hwthread (blocks, --placement block) or node, numa, socket, package (--placement round-robin)", "--map-by", "ppr:2:node")]
    [TestCase("hermit-run: -x NOT_SET_HERE: the variable is not set here (write -x NAME=VALUE)", "-x", "NOT_SET_HERE")]
    [TestCase("hermit-run: -outfile-pattern 'out.txt' names no file per rank: put %r (the rank) in it", "-outfile-pattern", "out.txt")]
    [TestCase("hermit-run: MPIEXEC_TIMEOUT must be a positive number of seconds, not 'soon'", "env:MPIEXEC_TIMEOUT=soon")]
    [TestCase("hermit-run: --map-by node and --placement block disagree", "--map-by", "node", "--placement", "block")]
    public void Parse_Unsupported_OneLineNamingTheOption(string message, params string[] args)
    {
        string? timeout = args.FirstOrDefault(a => a.StartsWith("env:MPIEXEC_TIMEOUT=", StringComparison.Ordinal))?.Split('=', 2)[1];
        string[] own = [.. args.Where(a => !a.StartsWith("env:", StringComparison.Ordinal))];

        (HermitRunOptions? options, int exitCode, string error) = Parse([.. own, "job.dll", "arg"], name => name == "MPIEXEC_TIMEOUT" ? timeout : null);

        Assert.That(options, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo(message + "\n"));
    }

    [TestCase("hermit-run: -genv takes NAME VALUE (two arguments)", "-genv", "ONLY")]
    [TestCase("hermit-run: --bind-to needs a value (see hermit-run --help)", "--bind-to")]
    public void Parse_MissingValueAtTheEnd_OneLineNamingTheOption(string message, params string[] args)
    {
        (HermitRunOptions? options, int exitCode, string error) = Parse(args);

        Assert.That(options, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo(message + "\n"));
    }

    [Test]
    public void Parse_Mpmd_RefusedWithOneLine()
    {
        (HermitRunOptions? options, int exitCode, string error) = Parse(["-n", "1", "a.dll", ":", "-n", "3", "b.dll"]);

        Assert.That(options, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo("hermit-run: ':' (MPMD, several programs in one job) is not supported: every rank runs the one JOB; a job can branch on Job.Rank instead\n"));
    }

    [TestCase("-V")]
    [TestCase("-version")]
    public void Parse_VersionSpellings_PrintVersion(string spelling)
    {
        TextWriter original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            (HermitRunOptions? options, int exitCode, _) = Parse([spelling]);
            Assert.That(options, Is.Null);
            Assert.That(exitCode, Is.Zero);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.That(output.ToString(), Does.Match(@"\d+\.\d+"));
    }

    /// <summary>Parses <paramref name="args"/>, expecting success.</summary>
    private static HermitRunOptions Accepted(string[] args, Func<string, string?>? environment = null)
    {
        (HermitRunOptions? options, int exitCode, string error) = Parse(args, environment);
        Assert.That(options, Is.Not.Null, $"exit {exitCode}: {error}");
        return options!;
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="environment"/> (none by default), capturing standard error.</summary>
    private static (HermitRunOptions? Options, int ExitCode, string Error) Parse(string[] args, Func<string, string?>? environment = null)
    {
        TextWriter original = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            HermitRunOptions? options = new HermitRunCommand(environment ?? (_ => null)).Parse(args, out int exitCode);
            return (options, exitCode, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
