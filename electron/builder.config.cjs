// electron-builder configuration: `npx electron-builder --config electron/builder.config.cjs`
// after `npm run build` (dist/renderer + dist/electron). Native addons cannot load from inside an asar,
// so tfjs-node and onnxruntime-node binaries are unpacked.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.netwright.app',
  productName: 'Netwright',
  copyright: 'Netwright contributors',
  directories: { output: 'out', buildResources: 'assets' },
  files: [
    'package.json',
    'dist/electron/**',
    'dist/renderer/**',
    'assets/icon.png',
    // Runtime deps of the main process and training child that esbuild leaves external.
    'node_modules/**',
    '!node_modules/electron/**',
    '!node_modules/electron-builder/**',
    '!node_modules/**/test/**',
    '!node_modules/**/*.md',
  ],
  asar: true,
  asarUnpack: [
    '**/node_modules/@tensorflow/tfjs-node*/**',
    '**/node_modules/onnxruntime-node/**',
    '**/node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
    '**/node_modules/sharp/**',
    '**/node_modules/@img/**',
  ],
  fileAssociations: [
    {
      ext: 'netwright.json',
      name: 'Netwright project',
      description: 'Netwright neural-network project',
      mimeType: 'application/x-netwright+json',
      role: 'Editor',
      icon: 'assets/icon.png',
    },
  ],
  icon: 'assets/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development;Science;Education',
    icon: 'assets/icon.png',
    mimeTypes: ['application/x-netwright+json'],
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', icon: 'assets/icon.png' },
  dmg: { title: 'Netwright' },
  win: { target: ['nsis'], icon: 'assets/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
};
