using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests;

public sealed partial class DockerfileTests
{
    public static TheoryData<App> Apps() => new(Enum.GetValues<App>());

    [Theory]
    [MemberData(nameof(Apps))]
    public void Image_is_built_in_stages_on_dotnet_10(App app)
    {
        var dockerfile = AppImages.For(app);
        var where = Repo.Relative(dockerfile.Path);
        Assert.True(dockerfile.Stages.Count >= 2, $"{where} must be multi-stage: build with the SDK, run on a runtime image.");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.Stages[0].Image);
        Assert.Matches(FinalImage(), dockerfile.Final.Image);

        // A project on the ASP.NET Core shared framework does not start on the plain runtime image.
        var project = XDocument.Load(Repo.PathOf(AppImages.ProjectPath(app)));
        var needsAspNet = project.Root!.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web"
            || project.Descendants("FrameworkReference").Any(f => f.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
        if (needsAspNet)
        {
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", dockerfile.Final.Image);
        }

        Assert.Contains(dockerfile.Final.Arguments("COPY"), copy => copy.StartsWith($"--from={dockerfile.Stages[0].Name}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Image_runs_as_a_non_root_user(App app)
    {
        var dockerfile = AppImages.For(app);
        var user = dockerfile.Final.Arguments("USER").LastOrDefault();
        Assert.True(user is not null, $"{Repo.Relative(dockerfile.Path)}: the final stage has no USER, so it runs as root.");
        Assert.DoesNotMatch(RootUser(), user);
        var lastUser = dockerfile.Final.Instructions.ToList().FindLastIndex(i => i.Keyword == "USER");
        Assert.DoesNotContain(dockerfile.Final.Instructions.Skip(lastUser + 1), i => i.Keyword == "RUN");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Image_starts_the_published_assembly(App app)
    {
        var dockerfile = AppImages.For(app);
        Assert.True(File.Exists(Repo.PathOf(AppImages.ProjectPath(app))));
        var entrypoint = Assert.Single(dockerfile.Final.Arguments("ENTRYPOINT"));
        Assert.Contains($"\"{AppImages.AssemblyName(app)}.dll\"", entrypoint);
    }

    [Fact]
    public void Compose_builds_each_app_image_from_the_Dockerfile_that_publishes_it()
    {
        var services = Yaml.LoadMap(AppContainers.ComposeFile).Map("services")!;
        var built = services.Entries.Values.OfType<YamlMap>().Where(s => s.Map("build") is not null).ToList();
        foreach (var (app, dockerfile) in AppImages.Dockerfiles())
        {
            var service = Assert.Single(built, s => AppContainers.AppOfImage(s.Text("image")) == app);
            var path = Path.GetFullPath(Path.Combine(Repo.Deploy, service.Path("build")!.Text("context")!, service.Path("build")!.Text("dockerfile")!));
            Assert.Equal(dockerfile.Path, path);
        }
    }

    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/(aspnet|runtime):10\.0")]
    private static partial Regex FinalImage();

    [GeneratedRegex(@"^(root|0)(:.*)?$")]
    private static partial Regex RootUser();
}
