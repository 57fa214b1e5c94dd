namespace Hpc.Proxy.Cli;

/// <summary>
/// The pre-pass over hermit-run's own part of the command line: finds JOB (everything after it belongs to the job
/// and is never looked at) and turns the mpiexec spellings System.CommandLine cannot express as aliases into
/// hermit-run's own (single-dash long options such as <c>-np</c>, <c>-genv NAME VALUE</c>, <c>-x NAME</c> with the
/// current value, <c>-V</c>). Any other token that
/// looks like an option but is none is refused here, naming it: left to the parser, a single-dash word such as
/// <c>-hosts</c> was read as bundled letters (<c>-h</c>: help, exit 0) and a flag's value as JOB.
/// </summary>
internal static class MpiexecSpellings
{
    /// <summary>hydra's two-value environment options: <c>-genv NAME VALUE</c>, <c>-env NAME VALUE</c>.</summary>
    private static readonly string[] s_twoValueEnvironment = ["-genv", "-env", "--genv", "--env"];

    /// <summary>Other spellings of options the parser knows.</summary>
    private static readonly Dictionary<string, string> s_renamed = new(StringComparer.Ordinal)
    {
        ["-V"] = "--version",
        ["-version"] = "--version",
        ["-help"] = "--help",
    };

    /// <summary>
    /// Splits <paramref name="args"/> into hermit-run's tokens (rewritten, JOB last when there is one) and the job's.
    /// <paramref name="takesValue"/> tells, for a known option name, whether it takes a value; it is null for an
    /// unknown name. Throws <see cref="ArgumentException"/> with the line to print.
    /// </summary>
    public static (List<string> Own, string[] JobArgs) Split(string[] args, Func<string, bool?> takesValue, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        var own = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string token = args[i];
            if (token == "--")
            {
                return i + 1 < args.Length ? ([.. own, args[i + 1]], args[(i + 2)..]) : (own, []);
            }

            if (token.Length < 2 || token[0] != '-')
            {
                own.Add(token);
                return (own, args[(i + 1)..]);
            }

            if (s_twoValueEnvironment.Contains(token))
            {
                if (i + 2 >= args.Length || args[i + 1].Contains('='))
                {
                    throw new ArgumentException($"{token} takes NAME VALUE (two arguments)");
                }

                own.Add("-x");
                own.Add($"{args[i + 1]}={args[i + 2]}");
                i += 2;
                continue;
            }

            if (s_renamed.TryGetValue(token, out string? renamed))
            {
                own.Add(renamed);
                continue;
            }

            string name = token.Split('=', 2)[0];
            if (takesValue(name) is null && name.Length > 2 && name[1] != '-' && takesValue("-" + name) is not null)
            {
                // hydra's and Open MPI's single-dash long options: -np, -hosts, -ppn, -bind-to, -outfile-pattern.
                token = "-" + token;
                name = "-" + name;
            }

            bool hasValue = takesValue(name) ?? throw new ArgumentException($"unknown option {ErrorText.Quote(name)} (see hermit-run --help)");
            own.Add(token);
            if (!hasValue || token.Contains('='))
            {
                continue;
            }

            if (++i >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value (see hermit-run --help)");
            }

            own.Add(name == "-x" ? CurrentValue(args[i], environment) : args[i]);
        }

        return (own, []);
    }

    /// <summary>Open MPI's <c>-x NAME</c>: the variable with its value here; <c>-x NAME=VALUE</c> is kept.</summary>
    private static string CurrentValue(string pair, Func<string, string?> environment)
    {
        if (pair.Contains('=') || pair.Length == 0)
        {
            return pair;
        }

        return environment(pair) is { } value ? $"{pair}={value}"
            : throw new ArgumentException($"-x {ErrorText.Short(pair)}: the variable is not set here (write -x NAME=VALUE)");
    }
}
