using System.Globalization;
using Hpc.Hosted;

namespace Hpc.Tests.Tools.ConfineProbe;

/// <summary>The probe's command line: <c>[--cpus 0,1] [--ro PATH]... [--rw PATH]... [--ppid N] [--unconfined] then ACTION...</c>.</summary>
internal sealed record ProbeOptions
{
    /// <summary>Run the actions without confining (for comparison and timing).</summary>
    public bool Unconfined { get; init; }

    /// <summary>What to confine to.</summary>
    public required IsleConfinementSpec Spec { get; init; }

    /// <summary>The actions after <c>then</c>, e.g. <c>read:/etc/hostname</c>.</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    /// <summary>Parses the command line; throws <see cref="FormatException"/> with a usage message when it is wrong.</summary>
    public static ProbeOptions Parse(IReadOnlyList<string> args)
    {
        List<int> cpus = [];
        List<string> readOnly = [];
        List<string> readWrite = [];
        int? parent = null;
        bool unconfined = false;
        int i = 0;
        for (; i < args.Count && args[i] != "then"; i++)
        {
            switch (args[i])
            {
                case "--cpus":
                    cpus.AddRange(Value(args, ++i).Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
                    break;
                case "--ro":
                    readOnly.Add(Value(args, ++i));
                    break;
                case "--rw":
                    readWrite.Add(Value(args, ++i));
                    break;
                case "--ppid":
                    parent = int.Parse(Value(args, ++i), CultureInfo.InvariantCulture);
                    break;
                case "--unconfined":
                    unconfined = true;
                    break;
                default:
                    throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }

        if (cpus.Count == 0)
        {
            cpus.AddRange(CpuAffinity.AllowedCpus());
        }

        return new ProbeOptions
        {
            Unconfined = unconfined,
            Spec = new IsleConfinementSpec { Cpus = cpus, ReadOnlyPaths = readOnly, ReadWritePaths = readWrite, ExpectedParentPid = parent },
            Actions = [.. args.Skip(i + 1)],
        };
    }

    /// <summary>The value after an option.</summary>
    private static string Value(IReadOnlyList<string> args, int index) =>
        index < args.Count ? args[index] : throw new FormatException($"Option '{args[index - 1]}' needs a value.");
}
