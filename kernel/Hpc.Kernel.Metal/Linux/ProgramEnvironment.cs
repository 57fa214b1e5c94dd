using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// The program's environment as execve would hand it over: NAME=VALUE entries, each NUL-terminated, in one block
/// (the form of /proc/PID/environ). The proxy passes what a hosted rank would get (the job's -x variables and the
/// launcher's environment) as the fw_cfg file <see cref="FileName"/>; the kernel sets the rank's own variables.
/// </summary>
internal unsafe struct ProgramEnvironment
{
    /// <summary>The fw_cfg file the proxy writes the environment to.</summary>
    public const string FileName = "opt/hpc/environment";

    /// <summary>Room for the kernel's own entries.</summary>
    private const int OwnEntriesRoom = 256;

    /// <summary>The entries, back to back.</summary>
    public byte* Block;

    /// <summary>Bytes used in <see cref="Block"/>.</summary>
    public int Length;

    /// <summary>Bytes <see cref="Block"/> holds.</summary>
    private int _capacity;

    /// <summary>The proxy's entries (none without the fw_cfg file), with room for the kernel's.</summary>
    public static ProgramEnvironment FromProxy()
    {
        byte* given = FwCfg.ReadFile(FileName, out int size);
        var environment = new ProgramEnvironment { _capacity = size + OwnEntriesRoom };
        environment.Block = PhysicalMemory.Claim((ulong)environment._capacity);
        for (int i = 0; i < size; i++)
        {
            environment.Block[i] = given[i];
        }

        // A last entry without its NUL still ends.
        environment.Length = size;
        if (size > 0 && given[size - 1] != 0)
        {
            environment.Block[environment.Length++] = 0;
        }

        return environment;
    }

    /// <summary>
    /// Sets <paramref name="name"/> to <paramref name="value"/> (ASCII), replacing an entry of that name the proxy
    /// passed (hermit-run run under srun has SLURM_PROCID of its own); false when there is no room.
    /// </summary>
    public bool Set(string name, string value)
    {
        Remove(name);
        if (Length + name.Length + value.Length + 2 > _capacity)
        {
            return false;
        }

        Append(name);
        Block[Length++] = (byte)'=';
        Append(value);
        Block[Length++] = 0;
        return true;
    }

    /// <summary>Copies ASCII <paramref name="text"/> to the end of the block.</summary>
    private void Append(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            Block[Length++] = (byte)text[i];
        }
    }

    /// <summary>Removes the entries named <paramref name="name"/>, closing the gaps.</summary>
    private void Remove(string name)
    {
        int read = 0, write = 0;
        while (read < Length)
        {
            int end = read;
            while (end < Length && Block[end] != 0)
            {
                end++;
            }

            bool named = end - read > name.Length && Block[read + name.Length] == '=';
            for (int i = 0; named && i < name.Length; i++)
            {
                named = Block[read + i] == name[i];
            }

            if (!named)
            {
                for (int i = read; i <= end && i < Length; i++)
                {
                    Block[write++] = Block[i];
                }
            }

            read = end + 1;
        }

        Length = write;
    }

    /// <summary>Entries in the block.</summary>
    public readonly int Count
    {
        get
        {
            int count = 0;
            for (int i = 0; i < Length; i++)
            {
                count += Block[i] == 0 ? 1 : 0;
            }

            return count;
        }
    }
}
