import Foundation
import ReelCore
import ReelHooks

/// The hooks of a run, from the command line, the environment and --hooks FILE.
struct HookConfiguration {
    let command: HookPost

    init(command: HookPost) {
        self.command = command
    }

    func hooks() throws -> [Hook] {
        let template = try RecordTemplate(command.template)
        // Bounded by validation (1 TiB at most): the product fits.
        let fileLimit = Int(saturating: command.maximumFileSize * 1_048_576)
        var hooks: [Hook] = []
        for (kind, specs) in [(Hook.Kind.webhook, command.webhook), (.discord, command.discord), (.upload, command.upload)] {
            for spec in specs {
                guard let equals = spec.firstIndex(of: "="), equals != spec.startIndex else {
                    throw ToolError("--\(kind.rawValue) wants NAME=URL or NAME=env:VARIABLE", failure: .badUsage)
                }
                let name = String(spec[..<equals])
                let url = try Self.secret(String(spec[spec.index(after: equals)...]), hook: name)
                hooks.append(Hook(name: name, kind: kind, url: url, template: template, maximumFileSize: fileLimit,
                                  urlField: command.urlField))
            }
        }
        for spec in command.streamable {
            guard let equals = spec.firstIndex(of: "="), equals != spec.startIndex else {
                throw ToolError("--streamable wants NAME=USER:PASSWORD or NAME=env:VARIABLE", failure: .badUsage)
            }
            let name = String(spec[..<equals])
            let credentials = try Self.secret(String(spec[spec.index(after: equals)...]), hook: name)
            guard credentials.contains(":") else {
                throw ToolError("the Streamable credentials are USER:PASSWORD", at: name, failure: .badUsage)
            }
            hooks.append(Hook(name: name, kind: .streamable, url: command.streamableAPI, template: template,
                              maximumFileSize: fileLimit, credentials: credentials))
        }
        if let file = command.hooks {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ToolError("cannot read", at: file, failure: .missingInput)
            }
            for (number, line) in data.split(separator: 0x0A).enumerated() where !line.allSatisfy({ $0 == 0x20 }) {
                let place = "\(file):\(number + 1)"
                guard case .object(let object)? = try? JSONParser.parse(Array(line)),
                      let name = object["name"]?.stringValue, let kindText = object["kind"]?.stringValue,
                      let kind = Hook.Kind(rawValue: kindText),
                      let url = object["url"]?.stringValue ?? (kind == .streamable ? Hook.streamableAPI : nil) else {
                    throw ToolError("want {\"name\":...,\"kind\":\"webhook|discord|upload|streamable\",\"url\":...}", at: place, failure: .badUsage)
                }
                var credentials: String?
                if kind == .streamable {
                    guard let auth = object["auth"]?.stringValue, case let secret = try Self.secret(auth, hook: name), secret.contains(":") else {
                        throw ToolError("a streamable hook wants \"auth\": USER:PASSWORD or env:VARIABLE", at: place, failure: .badUsage)
                    }
                    credentials = secret
                }
                let site = object["site"]?.stringValue ?? Hook.streamableSite
                guard site.hasPrefix("https://") || site.hasPrefix("http://") else {
                    throw ToolError("\"site\" is an http or https URL", at: place, failure: .badUsage)
                }
                let hookTemplate = try object["template"]?.stringValue.map { try RecordTemplate($0) } ?? template
                let limit: Int
                do {
                    limit = try object["max_file_size_mib"]?.number("max_file_size_mib", in: 0...HookPost.largestFileSize, unit: "MiB")
                        .map { Int(saturating: $0 * 1_048_576) } ?? fileLimit
                } catch {
                    throw ToolError("\(error)", at: place, failure: .badInput)
                }
                hooks.append(Hook(name: name, kind: kind, url: try Self.secret(url, hook: name), template: hookTemplate,
                                  maximumFileSize: limit, urlField: object["url_field"]?.stringValue ?? command.urlField,
                                  credentials: credentials, site: site))
            }
        }
        let names = hooks.map(\.name)
        guard Set(names).count == names.count else {
            throw ToolError("two hooks with the same name", failure: .badUsage)
        }
        for hook in hooks {
            let scheme = hook.url.split(separator: ":").first?.lowercased() ?? ""
            guard scheme == "http" || scheme == "https" else {
                throw ToolError("the URL is not http or https", at: hook.name, failure: .badUsage)
            }
        }
        return hooks
    }

    /// A URL as given, or read from the environment for `env:VARIABLE`.
    static func secret(_ text: String, hook: String) throws -> String {
        guard text.hasPrefix("env:") else { return text }
        let variable = String(text.dropFirst(4))
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
            throw ToolError("environment variable \(variable) is not set", at: hook, failure: .badUsage)
        }
        return value
    }
}
