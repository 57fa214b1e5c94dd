using System.Runtime.InteropServices;

namespace Hpc.Proxy.Tests.Files;

/// <summary>libc calls the tests need to build fixtures .NET has no API for.</summary>
internal static partial class NativeTestCalls
{
    /// <summary>mkfifo(3).</summary>
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeFifo(string path, uint mode);
}
