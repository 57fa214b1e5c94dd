
namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepositoryFiles
{
    /// <summary>The path of <paramref name="relativePath"/> below the folder holding Hpc.sln, found upwards from the test binaries.</summary>
    public static string Find(string relativePath)
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Hpc.sln")))
            {
                return Path.Combine(folder.FullName, relativePath);
            }
        }

        throw new FileNotFoundException("Hpc.sln not found above the test directory");
    }
}
