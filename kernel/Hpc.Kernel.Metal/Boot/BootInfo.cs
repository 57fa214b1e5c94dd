namespace Hpc.Kernel.Metal.Boot;

/// <summary>What boot found out, for the job and the self-test.</summary>
internal static class BootInfo
{
    /// <summary>The kernel command line (QEMU -append).</summary>
    public static string CommandLine = "";

    /// <summary>Cpus the MADT listed.</summary>
    public static int ListedCpus;

    /// <summary>Microseconds from kernel entry to the job's entry.</summary>
    public static ulong EntryMicroseconds;

    /// <summary>The value of <c>key=value</c> on the command line, or null.</summary>
    public static string? Argument(string key)
    {
        string line = CommandLine;
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            int start = i;
            while (i < line.Length && line[i] != ' ')
            {
                i++;
            }

            string word = line.Substring(start, i - start);
            if (word.Length > key.Length && word.StartsWith(key) && word[key.Length] == '=')
            {
                return word.Substring(key.Length + 1);
            }

            if (word == key)
            {
                return "";
            }
        }

        return null;
    }
}
