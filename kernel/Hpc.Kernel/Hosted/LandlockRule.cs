namespace Hpc.Hosted;

/// <summary>One Landlock rule: <see cref="Access"/> granted on <see cref="Path"/> and everything beneath it.</summary>
/// <param name="Path">A directory or a file; a path that does not exist is skipped when the rules are enforced.</param>
/// <param name="Access">What is granted there.</param>
internal readonly record struct LandlockRule(string Path, LandlockAccess Access);
