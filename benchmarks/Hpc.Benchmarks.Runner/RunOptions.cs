namespace Hpc.Benchmarks.Runner;

/// <summary>
/// The runner's command line, as benchmarks/run passes it:
/// <c>SUITE --root DIR (--hpc-job DLL | --hpc-skip REASON)</c>.
/// </summary>
/// <param name="Suite">The suite to run (only "mpi" so far).</param>
/// <param name="Root">The checkout's root folder (holding hermit-run and benchmarks/).</param>
/// <param name="HpcJob">The built Hpc measuring job, or null when the Hpc column is skipped.</param>
/// <param name="HpcSkipReason">Why the Hpc column is skipped, or null.</param>
/// <param name="ClusterNodes">multinode: the namespace cluster's nodes (<c>--nodes a,b,c</c>), else null.</param>
internal sealed record RunOptions(string Suite, string Root, string? HpcJob, string? HpcSkipReason, IReadOnlyList<string>? ClusterNodes = null)
{
    /// <summary>The usage line.</summary>
    public const string Usage = "usage: Hpc.Benchmarks.Runner SUITE --root DIR (--hpc-job DLL | --hpc-skip REASON) [--nodes A,B,C (multinode)]";

    /// <summary>benchmarks/.build under the root: the built C peers.</summary>
    public string BuildDirectory => Path.Combine(Root, "benchmarks", ".build");

    /// <summary>benchmarks/results under the root: one folder per run.</summary>
    public string ResultsDirectory => Path.Combine(Root, "benchmarks", "results");

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        string? suite = null, root = null, job = null, skip = null, nodes = null;
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--root":
                    root = Value();
                    break;
                case "--hpc-job":
                    job = Value();
                    break;
                case "--hpc-skip":
                    skip = Value();
                    break;
                case "--nodes":
                    nodes = Value();
                    break;
                case { } text when text.StartsWith('-'):
                    throw new ArgumentException($"unknown option {text}");
                case { } text when suite is null:
                    suite = text;
                    break;
                default:
                    throw new ArgumentException($"unexpected argument {args[i]}");
            }
        }

        if (suite is null || root is null)
        {
            throw new ArgumentException("a suite and --root are required");
        }

        if ((job is null) == (skip is null))
        {
            throw new ArgumentException("give exactly one of --hpc-job and --hpc-skip");
        }

        root = Path.GetFullPath(root);
        if (!File.Exists(Path.Combine(root, "hermit-run")))
        {
            throw new ArgumentException($"{root} holds no hermit-run: not the checkout's root");
        }

        if (job is not null && !File.Exists(job))
        {
            throw new ArgumentException($"no job at {job}");
        }

        return new RunOptions(suite, root, job is null ? null : Path.GetFullPath(job), skip, nodes?.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }
}
