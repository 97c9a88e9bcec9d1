namespace Coordination.EndToEnd.Tests.Processes;

/// <summary>
/// Where the built executables are: the solution build (or this project's references) built them once, in
/// the same configuration as these tests, so no test ever builds anything.
/// </summary>
internal static class Executables
{
    private static readonly string s_configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
    private static readonly string s_repository = FindRepository();

    public static string Silo => Built("src/Silo", "coordination-silo.dll");

    public static string Coord => Built("src/Cli", "coord.dll");

    public static string Emulator => Built("tests/ElasticsearchEmulator", "Coordination.ElasticsearchEmulator.dll");

    private static string Built(string project, string assembly)
    {
        var path = Path.Combine(s_repository, project, "bin", s_configuration, "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; build the solution ({s_configuration}) before running the end-to-end tests.", path);
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Coordination.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Coordination.sln above {AppContext.BaseDirectory}.");
    }
}
