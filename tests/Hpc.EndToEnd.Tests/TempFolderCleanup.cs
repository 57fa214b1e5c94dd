using Hpc.EndToEnd.Tests;

/// <summary>
/// Removes the folders the tests made with <see cref="HermitRun.TempFolder"/> once every test of the assembly has run.
/// Outside any namespace, so it covers the whole assembly; a process-exit handler did not (the test host is ended
/// before it finishes).
/// </summary>
[SetUpFixture]
public sealed class TempFolderCleanup
{
    /// <summary>Removes them.</summary>
    [OneTimeTearDown]
    public void RemoveTempFolders() => HermitRun.RemoveTempFolders();
}
