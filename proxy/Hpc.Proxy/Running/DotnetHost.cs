namespace Hpc.Proxy.Running;

/// <summary>The <c>dotnet</c> executable that runs hermit-run, used to start the isles on the same runtime.</summary>
internal static class DotnetHost
{
    /// <summary>Path of the dotnet host.</summary>
    public static string Path { get; } = Find();

    /// <summary>This process's host if it is dotnet, else the one beside the running runtime.</summary>
    private static string Find()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ → .../dotnet/dotnet
        string runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        string root = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtime, "..", "..", ".."));
        string candidate = System.IO.Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
