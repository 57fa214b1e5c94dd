namespace Hpc.Kernel.Metal.Boot;

/// <summary>What boot found out, for the job and the self-test.</summary>
internal static class BootInfo
{
    /// <summary>The kernel command line (QEMU -append, or the words after the kernel's file on GRUB's multiboot2 line).</summary>
    public static string CommandLine = "";

    /// <summary>Cpus the MADT listed.</summary>
    public static int ListedCpus;

    /// <summary>Microseconds from kernel entry to the job's entry.</summary>
    public static ulong EntryMicroseconds;

    /// <summary>The job's arguments: the words after " -- " on the command line (no quoting: words split at spaces).</summary>
    public static string[] JobArguments()
    {
        string line = CommandLine;
        int start = -1;
        for (int i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '-' && line[i + 1] == '-' && (i == 0 || line[i - 1] == ' ') && (i + 2 == line.Length || line[i + 2] == ' '))
            {
                start = i + 2;
                break;
            }
        }

        if (start < 0)
        {
            return new string[0];
        }

        int count = 0;
        for (int i = start; i < line.Length; i++)
        {
            if (line[i] != ' ' && (i == start || line[i - 1] == ' '))
            {
                count++;
            }
        }

        string[] words = new string[count];
        int word = 0;
        int at = start;
        while (word < count)
        {
            while (line[at] == ' ')
            {
                at++;
            }

            int end = at;
            while (end < line.Length && line[end] != ' ')
            {
                end++;
            }

            words[word++] = line.Substring(at, end - at);
            at = end;
        }

        return words;
    }

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
            if (word == "--")
            {
                return null;
            }

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
