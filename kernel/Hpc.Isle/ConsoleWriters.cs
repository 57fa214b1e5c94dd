using System.Reflection;

namespace Hpc.Isle;

/// <summary>
/// Installs the isle's console writers without the process-wide lock <see cref="Console.SetOut"/> wraps around
/// them. That lock would span ranks: a rank waiting for ring space inside Console.Write hands its core to another
/// rank, which then blocks in the operating system on the same lock while holding the core — the isle deadlocks.
/// The rank-aware writers lock per rank instead, so only threads of one rank ever wait for each other.
/// </summary>
internal static class ConsoleWriters
{
    /// <summary>Installs <paramref name="stdout"/> and <paramref name="stderr"/> as Console.Out and Console.Error.</summary>
    public static void Install(TextWriter stdout, TextWriter stderr)
    {
        if (!TrySet("s_out", stdout) || !TrySet("s_error", stderr))
        {
            // A runtime without those fields: the synchronized writers still work while the isle's rings have room.
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    /// <summary>
    /// Installs <paramref name="input"/> as Console.In, again without Console's process-wide lock: a rank 0 waiting
    /// for input would hold it, and another rank reading Console.In would then block its core in the operating system.
    /// </summary>
    public static void InstallInput(TextReader input)
    {
        if (!TrySet("s_in", input))
        {
            Console.SetIn(input);
        }
    }

    /// <summary>Sets one of Console's writer or reader fields; false when the runtime has no such field.</summary>
    private static bool TrySet<T>(string name, T value) where T : class
    {
        FieldInfo? field = typeof(Console).GetField(name, BindingFlags.NonPublic | BindingFlags.Static);
        if (field is null || field.FieldType != typeof(T) || field.IsInitOnly)
        {
            return false;
        }

        field.SetValue(null, value);
        return true;
    }
}
