; Inno Setup 6 script for TopUp POS on Windows (x64). Build on Windows, from the repository root:
;   1. py -3.11 -m venv .venv && .venv\Scripts\pip install -e . pyinstaller
;   2. .venv\Scripts\python scripts\i18n.py release
;   3. .venv\Scripts\pyinstaller --noconfirm --clean installer\topup-pos.spec
;   4. dist\topup-pos\topup-pos.exe --self-test
;   5. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DMyAppVersion=0.1.0 installer\windows\topup-pos.iss
; Output: dist\TopUpPOS-Setup-<version>.exe  (see docs/INSTALL.md)

#ifndef MyAppVersion
  #define MyAppVersion "0.1.0"
#endif
#define MyAppName "TopUp POS"
#define MyAppExe "topup-pos.exe"
#define SourceDir "..\..\dist\topup-pos"

[Setup]
AppId={{6F1C2E4B-9A3D-4C55-8E21-7B0D5A9C3F10}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppPublisher=TopUp
DefaultDirName={autopf}\TopUp POS
DefaultGroupName=TopUp POS
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=TopUpPOS-Setup-{#MyAppVersion}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern
UninstallDisplayIcon={app}\{#MyAppExe}
; Data (DATA_DIR: %LOCALAPPDATA%\TopUp\TopUpPOS) is never removed by an upgrade or uninstall.

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"
Name: "{group}\{#MyAppName} self-test"; Filename: "{app}\{#MyAppExe}"; Parameters: "--self-test"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent
