; Peyvand (پیوند) — the Windows installer, per user, no administrator rights.
;
; Built by scripts/build.py after the PyInstaller bundle, which passes:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DBUNDLE=<dist/peyvand> -DICON=<peyvand.ico>
;            -DOUTFILE=<dist/Peyvand-0.1.0-setup.exe> installer/peyvand.nsi
; It also compiles on Linux (Debian's `nsis` package), which is how CI checks it.
;
; What it writes, and so all that the uninstaller removes:
;   $LOCALAPPDATA\Programs\Peyvand          the program (peyvand.exe, peyvand-cli.exe, _internal\)
;   Start menu: پیوند.lnk; optionally a desktop shortcut پیوند.lnk
;   HKCU\Software\Peyvand                    the install folder, for upgrades
;   HKCU\...\CurrentVersion\Uninstall\Peyvand   the entry in "Apps & features"
;   HKCU\Software\Classes\.pvtrip and Peyvand.TripPackage   trip packages open in Peyvand
; The user's data folder (%LOCALAPPDATA%\Peyvand: the database, its backups, logs and
; settings; platformdirs.user_data_dir("Peyvand", roaming=False) in peyvand.paths) is never
; written or removed by the installer or the uninstaller.

Unicode true
; A 64-bit installer for a 64-bit program: on 32-bit Windows it refuses to start instead of
; installing something that cannot run.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
!ifdef QUICK
  SetCompress off  ; scripts/build.py --quick-installer: checks the script in seconds
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64
!endif

!ifndef VERSION
  !error "define VERSION, e.g. -DVERSION=0.1.0 (scripts/build.py does)"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef BUNDLE
  !error "define BUNDLE, the PyInstaller output folder (dist/peyvand)"
!endif
!ifndef OUTFILE
  !define OUTFILE "Peyvand-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\resources\icons\peyvand.ico"
!endif

; Code signing (docs/packaging.md): -DSIGN="signtool sign /fd SHA256 /tr <timestamp URL> /td SHA256 /f cert.pfx /p …"
; signs the installer and the uninstaller it carries, after makensis writes each one.
!ifdef SIGN
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

!define APP_KEY "Peyvand"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
!define PROG_ID "Peyvand.TripPackage"
!define GUI_EXE "peyvand.exe"
!define CLI_EXE "peyvand-cli.exe"
!define SHORTCUT_NAME "پیوند"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "پیوند"
Caption "نصب پیوند ${VERSION}"
UninstallCaption "حذف پیوند"
BrandingText "پیوند ${VERSION}"
OutFile "${OUTFILE}"
; Per user: under the user's own local application folder, as Windows does for
; per-user programs. Not %LOCALAPPDATA%\Peyvand: that is the data folder.
InstallDir "$LOCALAPPDATA\Programs\Peyvand"
InstallDirRegKey HKCU "Software\${APP_KEY}" "InstallDir"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "Peyvand"
VIAddVersionKey /LANG=0 "FileDescription" "Peyvand (پیوند) setup"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "Peyvand"
VIAddVersionKey /LANG=0 "LegalCopyright" "Proprietary"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TITLE "نصب پیوند"
!define MUI_WELCOMEPAGE_TEXT "پیوند، حافظه و چاپخانهٔ ادارهٔ کل ارتباطات و امور بین‌الملل، برای همین کاربر ویندوز نصب می‌شود و به دسترسی مدیر سیستم نیازی ندارد.$\r$\n$\r$\nداده‌های شما (پایگاه داده، پشتیبان‌ها و تنظیمات) در پوشهٔ جداگانه‌ای نگه داشته می‌شوند و نصب دوباره یا حذف برنامه به آن‌ها دست نمی‌زند.$\r$\n$\r$\n$_CLICK"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "اجرای پیوند"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Persian pages, right to left (the Farsi language file sets RTL).
!insertmacro MUI_LANGUAGE "Farsi"

Section "برنامهٔ پیوند" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the bundle as a whole, so no file of an older version lingers.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr HKCU "Software\${APP_KEY}" "InstallDir" "$INSTDIR"

  ; Trip packages (.pvtrip) open in Peyvand: per user, under HKCU\Software\Classes.
  WriteRegStr HKCU "Software\Classes\.pvtrip" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\.pvtrip" "Content Type" "application/x-peyvand-trip"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "بستهٔ سفر پیوند"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${GUI_EXE}" --trip "%1"'
  ; Tell Explorer that an association changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; The entry in Settings > Apps, for this user only.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "پیوند (Peyvand)"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Peyvand"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "میان‌بر روی میز کار" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${SHORTCUT_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

Function .onVerifyInstDir
  ; Never install into the data folder: uninstalling would then be next to the database.
  ${If} "$INSTDIR" == "$LOCALAPPDATA\Peyvand"
    Abort
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer wrote. The data folder (%LOCALAPPDATA%\Peyvand, with the
  ; database, backups, logs and settings) is deliberately left alone, and the program
  ; folder is emptied file by file, not with RMDir /r, so that nothing someone put there
  ; is lost.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${SHORTCUT_NAME}.lnk"
  Delete "$DESKTOP\${SHORTCUT_NAME}.lnk"

  ; The association, only if it is still ours.
  ReadRegStr $0 HKCU "Software\Classes\.pvtrip" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey HKCU "Software\Classes\.pvtrip"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP_KEY}"
SectionEnd
