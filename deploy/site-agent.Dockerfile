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
# The agent serves no HTTP, so there is nothing for a HEALTHCHECK to ask; it exits non-zero on bad configuration
# and compose restarts it.
USER $APP_UID
ENTRYPOINT ["dotnet", "Microfactory.SiteAgent.dll"]
