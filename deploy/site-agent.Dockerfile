# The site agent image (one container per factory site). Build from the repository root:
#   docker build -f deploy/site-agent.Dockerfile -t microfactory/site-agent .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose (see orchestrator.Dockerfile).
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Microfactory.SiteAgent/Microfactory.SiteAgent.csproj -c Release -o /app/publish -p:UseAppHost=false

# The agent references the ASP.NET Core shared framework (hosting, options), so it needs the aspnet image, not runtime.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app/publish ./
# The agent's only HTTP is its local status endpoint (Agent:Local:Url, the container's own loopback), which reports but
# is no liveness probe; the agent exits non-zero on bad configuration and compose restarts it. On a factory's own box
# it runs as a self-contained file under systemd instead (deploy/systemd).
USER $APP_UID
ENTRYPOINT ["dotnet", "Microfactory.SiteAgent.dll"]
