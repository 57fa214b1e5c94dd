using System.Reflection;
using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// Finds MPICH's shared library for the <c>[LibraryImport]</c> bindings: <c>HPC_MPI_LIBRARY</c> (a path or a name)
/// first, then <c>libmpi.so.12</c> (upstream MPICH, Intel MPI, Cray), <c>libmpich.so.12</c> (Debian) and
/// <c>libmpi.so</c> (a -dev package's link).
/// </summary>
internal static class MpichLibrary
{
    /// <summary>The library name the bindings import; the resolver maps it to the real file.</summary>
    public const string Name = "hpc-mpich";

    /// <summary>The environment variable that overrides the search.</summary>
    public const string OverrideVariable = "HPC_MPI_LIBRARY";

    /// <summary>Guards the one-time registration of the resolver.</summary>
    private static readonly Lock s_gate = new();

    /// <summary>The loaded library, once loaded.</summary>
    private static nint s_handle;

    /// <summary>True once the resolver is registered for this assembly.</summary>
    private static bool s_registered;

    /// <summary>The names tried, in order, given the override (null or empty: none).</summary>
    public static IReadOnlyList<string> Candidates(string? overridePath)
    {
        var names = new List<string>(4);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            names.Add(overridePath);
        }

        names.Add("libmpi.so.12");
        names.Add("libmpich.so.12");
        names.Add("libmpi.so");
        return names;
    }

    /// <summary>
    /// Loads the library (once) and registers the resolver for this assembly. Throws
    /// <see cref="DllNotFoundException"/> naming every candidate when none loads.
    /// </summary>
    public static nint Load()
    {
        lock (s_gate)
        {
            if (s_handle != 0)
            {
                return s_handle;
            }

            string? overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
            IReadOnlyList<string> candidates = Candidates(overridePath);
            foreach (string candidate in candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out nint handle))
                {
                    s_handle = handle;
                    break;
                }
            }

            if (s_handle == 0)
            {
                throw new DllNotFoundException(
                    $"MPICH's library was not found (tried {string.Join(", ", candidates)}); install MPICH "
                    + $"(Debian: libmpich12) or set {OverrideVariable} to the library's path.");
            }

            if (!s_registered)
            {
                // One resolver per assembly is allowed; it answers only for our own name and leaves others alone.
                NativeLibrary.SetDllImportResolver(typeof(MpichLibrary).Assembly, Resolve);
                s_registered = true;
            }

            return s_handle;
        }
    }

    /// <summary>The assembly's import resolver: our name maps to the loaded library, anything else to the default.</summary>
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? s_handle : 0;
}
